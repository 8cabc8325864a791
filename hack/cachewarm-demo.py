#!/usr/bin/env python3
"""The simulated search service of the CacheWarmExperiment example (examples/60-cachewarmexperiment.yaml), for `make run`.

  cachewarm-demo.py serve --port PORT --namespace NS [--kubectl KUBECTL] [--seed 18]

serves on 127.0.0.1:PORT
  GET /search?tenant=&arm=&q=[&warm=true]  a search; with warm=true a warmer's query: the tenant's cache is warmed and
                                           search_warmer_queries_total{arm} counts it (what `mcctl warm` sends)
  GET /metrics                             search_cache_hits_total and search_cache_misses_total by tenant and arm,
                                           search_request_duration_seconds (histogram) by tenant, search_warmer_queries_total by arm
  GET /healthz                             200

Every 100 ms each tenant of a CacheWarmExperiment in NS makes 20 cache lookups under the arm the operator recorded for it
(status.assignment, read with kubectl every 2 s: the flags ConfigMap routes the same way, which the integration test
checks through flagd). A lookup hits with probability 0.40 on a cold cache and 0.70 once the tenant's cache was warmed;
every lookup takes 30 ms (all in the lowest latency bucket, so no arm is slower).

On the local control plane (kwok) no Pod runs, so the warmer CronJobs the operator writes (<name>-warm-<arm>) never run.
This service plays their part: for each CronJob that is not suspended it reads the arguments as the operator wrote them
(--arm, --tenants, --top-k, --queries-per-second) and, once per CronJob and 5 s after it appears, sends itself top-k warming queries per tenant at
that rate, as `mcctl warm` would. So the arm that warms is truly better, the control is not, and the guardrails have
data (latency per arm, the warmer's queries per hour).
"""
import argparse
import json
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COLD = 0.40
WARM = 0.70
LOOKUPS_PER_TICK = 20
BUCKETS = ["0.05", "0.1", "0.25", "0.5", "1"]
WARMER_LABEL = "app.kubernetes.io/name"
WARMER_COMPONENT = "experiment-warmer"
WARMER_DELAY_SECONDS = 5  # after a warmer CronJob appears: two scrapes of the demo Prometheus see its counter at 0


class State:
    def __init__(self, seed):
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.assignment = {}       # tenant -> arm, from the experiments' status
        self.warmed = set()        # tenants whose cache a warmer filled
        self.counts = {}           # (tenant, arm) -> [hits, misses]
        self.requests = {}         # tenant -> lookups (each 30 ms)
        self.warmer_queries = {}   # arm -> queries a warmer sent
        self.warmers_seen = {}     # warmer CronJob uid -> when first seen
        self.warmers_run = set()   # warmer CronJob uids whose run was played (once each)


STATE = State(18)


def tick_forever():
    while True:
        time.sleep(0.1)
        with STATE.lock:
            for tenant, arm in STATE.assignment.items():
                p = WARM if tenant in STATE.warmed else COLD
                hits = sum(1 for _ in range(LOOKUPS_PER_TICK) if STATE.random.random() < p)
                c = STATE.counts.setdefault((tenant, arm), [0, 0])
                c[0] += hits
                c[1] += LOOKUPS_PER_TICK - hits
                STATE.requests[tenant] = STATE.requests.get(tenant, 0) + LOOKUPS_PER_TICK


def arg(args, name, default=None):
    try:
        return args[args.index(name) + 1]
    except (ValueError, IndexError):
        return default


def play_warmer(port, args):
    """What `mcctl warm` with these arguments sends: top-k queries per tenant at the given rate, here to this service."""
    arm = arg(args, "--arm")
    tenants = [t for t in (arg(args, "--tenants", "") or "").split(",") if t and t != "none"]
    top_k = int(arg(args, "--top-k", "3"))
    rate = max(1, int(arg(args, "--queries-per-second", "5")))
    for tenant in tenants:
        for q in range(top_k):
            query = urllib.parse.urlencode({"tenant": tenant, "arm": arm, "q": "popular-%d" % q, "warm": "true"})
            urllib.request.urlopen("http://127.0.0.1:%d/search?%s" % (port, query), timeout=5).read()
            time.sleep(1.0 / rate)
    sys.stderr.write("played warmer of arm %s: %d queries for %s\n" % (arm, top_k * len(tenants), ",".join(tenants)))


def watch_forever(kubectl, namespace, port):
    complained = False
    while True:
        try:
            out = subprocess.run([kubectl, "get", "cachewarmexperiments.missioncontrol.dev,cronjobs.batch", "-n", namespace,
                                  "-o", "json", "--request-timeout=5s"], capture_output=True, text=True, timeout=15)
            items = json.loads(out.stdout).get("items", []) if out.returncode == 0 and out.stdout.strip() else []
            if out.returncode != 0 and not complained:
                sys.stderr.write("kubectl: %s\n" % out.stderr.strip())
                complained = True
        except (OSError, ValueError, subprocess.SubprocessError) as e:
            items = []
            if not complained:
                sys.stderr.write("kubectl: %s\n" % e)
                complained = True
        assignment = {}
        warmers = []
        for item in items:
            if item.get("kind") == "CacheWarmExperiment":
                for a in (item.get("status") or {}).get("assignment") or []:
                    assignment[a["tenant"]] = a["arm"]
            elif item.get("kind") == "CronJob":
                labels = item["metadata"].get("labels") or {}
                spec = item.get("spec") or {}
                if labels.get(WARMER_LABEL) == WARMER_COMPONENT and not spec.get("suspend"):
                    containers = spec["jobTemplate"]["spec"]["template"]["spec"]["containers"]
                    warmers.append((item["metadata"]["uid"], containers[0].get("args") or []))
        now = time.monotonic()
        with STATE.lock:
            STATE.assignment = assignment
            for uid, args in warmers:
                if uid not in STATE.warmers_seen:
                    # the arm's counter at 0 first, so that Prometheus's increase() counts the warmer's queries
                    STATE.warmers_seen[uid] = now
                    STATE.warmer_queries.setdefault(arg(args, "--arm"), 0)
            todo = [(uid, args) for uid, args in warmers
                    if uid not in STATE.warmers_run and now - STATE.warmers_seen[uid] >= WARMER_DELAY_SECONDS]
            STATE.warmers_run.update(uid for uid, _ in todo)
        for _, args in todo:
            try:
                play_warmer(port, args)
            except OSError as e:
                sys.stderr.write("warmer: %s\n" % e)
        time.sleep(2)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/healthz":
            self.answer(200, "ok\n")
        elif url.path == "/search":
            q = dict(urllib.parse.parse_qsl(url.query))
            if q.get("warm") == "true" and q.get("tenant") and q.get("arm"):
                with STATE.lock:
                    STATE.warmed.add(q["tenant"])
                    STATE.warmer_queries[q["arm"]] = STATE.warmer_queries.get(q["arm"], 0) + 1
            self.answer(200, '{"results":[]}')
        elif url.path == "/metrics":
            self.answer(200, metrics())
        else:
            self.answer(404, "")

    def answer(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass


def metrics():
    with STATE.lock:
        lines = ["# TYPE search_cache_hits_total counter"]
        for (t, a), c in sorted(STATE.counts.items()):
            lines.append('search_cache_hits_total{tenant="%s",arm="%s"} %d' % (t, a, c[0]))
        lines.append("# TYPE search_cache_misses_total counter")
        for (t, a), c in sorted(STATE.counts.items()):
            lines.append('search_cache_misses_total{tenant="%s",arm="%s"} %d' % (t, a, c[1]))
        lines.append("# TYPE search_request_duration_seconds histogram")
        for t, n in sorted(STATE.requests.items()):
            for le in BUCKETS + ["+Inf"]:
                lines.append('search_request_duration_seconds_bucket{tenant="%s",le="%s"} %d' % (t, le, n))
            lines.append('search_request_duration_seconds_count{tenant="%s"} %d' % (t, n))
            lines.append('search_request_duration_seconds_sum{tenant="%s"} %.3f' % (t, n * 0.03))
        lines.append("# TYPE search_warmer_queries_total counter")
        for a, n in sorted(STATE.warmer_queries.items()):
            lines.append('search_warmer_queries_total{arm="%s"} %d' % (a, n))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--namespace", default="search-demo")
    s.add_argument("--kubectl", default="kubectl")
    s.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    global STATE
    STATE = State(args.seed)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    threading.Thread(target=tick_forever, daemon=True).start()
    threading.Thread(target=watch_forever, args=(args.kubectl, args.namespace, args.port), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
