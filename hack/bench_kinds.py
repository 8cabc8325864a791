#!/usr/bin/env python3
"""`make bench` part 6 (issue 12): the other kinds at a size that matters for them, with the measures of part 1.

  connect   BENCH_SOURCES (default 50) MarketplaceSources, each with its license text, and BENCH_CONNECT (default 200)
            ConnectRequests across them, created as a requester and approved at once by a reviewer (the admission
            policies' two people, by impersonation): seconds to every request Ready (Connected), against a raw
            `kubectl apply --server-side` of the very ConfigMaps the operator made for them (connection, flags, the
            tenant's audit copy and the archived packet). Those own nothing that becomes Available, so the baseline's
            goal is the apply itself. The operator runs with the pilot cap at BENCH_SOURCES, so every source can go Live.
  rollouts  BENCH_ROLLOUTS (default 100) PredictiveRollouts of BENCH_ROLLOUT_TENANTS (default 10) tenants in
            BENCH_ROLLOUT_WAVES (default 2) waves, analysis interval BENCH_ROLLOUT_INTERVAL (default 5s), gates
            answered by a Prometheus stand-in on loopback that passes every gate, each with a drill requested at
            creation (kwok completes its Job): seconds to every rollout Ready (Completed), against the minimum the
            waves allow (waves x interval) and against a raw apply of the objects the operator made (ConfigMaps,
            CronJob, drill Jobs) to the Jobs Complete.
For each: writes and requests per resource by verb and resource (the audit log), writes and Events over an idle window
(goal 0), operator RSS, heap live after a GC, CPU seconds, reconcile p50/p99 per kind, JOSDK queue figures.
Runnable alone: `BENCH_SCRIPT=bench_kinds.py make bench` (or BENCH_PARTS=kinds).
"""
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if "bench" not in sys.modules and getattr(sys.modules.get("__main__"), "QueueSampler", None):
    sys.modules["bench"] = sys.modules["__main__"]
import bench  # noqa: E402,F401 (bench.py, as `bench`, before the names below)
from bench import (WRITE_VERBS, audit_mark, audit_since, by_verb_resource, fresh_namespace, k, kjson, log,  # noqa: E402
                   start_operator, wait_until, write_phase_seconds, QueueSampler)

OPERATOR_NS = "mission-control-system"
# system:masters only lifts RBAC for the impersonated users; the admission policies still see the user and the
# reviewer group, as they would a real requester's and reviewer's requests.
REQUESTER = ["--as=bench-requester@example.com", "--as-group=system:masters"]
REVIEWER = ["--as=bench-reviewer@example.com", "--as-group=mission-control:reviewers", "--as-group=system:masters"]


def condition_true_count(resource, namespace, ctype="Ready"):
    items = kjson("get", resource, "-n", namespace)["items"]
    return sum(1 for o in items for c in (o.get("status") or {}).get("conditions", [])
               if c["type"] == ctype and c["status"] == "True"
               and c.get("observedGeneration", o["metadata"]["generation"]) == o["metadata"]["generation"])


def stripped(o):
    """An object as a raw apply would send it: no status, owner, uid or server-set fields."""
    meta = o["metadata"]
    o["metadata"] = {"name": meta["name"], "labels": meta.get("labels", {}), "annotations": meta.get("annotations", {})}
    o.pop("status", None)
    if o["kind"] == "Job":
        o["spec"].pop("selector", None)
        labels = o["spec"]["template"].get("metadata", {}).get("labels", {})
        for key in [x for x in labels if "controller-uid" in x or x in ("job-name", "batch.kubernetes.io/job-name")]:
            labels.pop(key)
        o["metadata"]["labels"] = {x: v for x, v in o["metadata"]["labels"].items() if "controller-uid" not in x and "job-name" not in x}
    return o


def owned_by(kind_plural, namespace, owner_kind):
    return [stripped(o) for o in kjson("get", kind_plural, "-n", namespace)["items"]
            if any(r.get("kind") == owner_kind for r in o["metadata"].get("ownerReferences", []))]


def raw_apply_seconds(objs, ns_raw):
    fresh_namespace(ns_raw)
    t0 = time.monotonic()
    k("apply", "--server-side", "-n", ns_raw, "-f", "-", stdin=json.dumps({"apiVersion": "v1", "kind": "List", "items": objs}))
    return time.monotonic() - t0, t0


def operator_figures(op, cpu0, kinds, count):
    """RSS, heap after GC, CPU seconds per 100 resources and reconcile p50/p99 per kind, from the running operator."""
    out = {"rss_mib": round(op.rss_mib(), 1), "heap_live_after_gc_mib": round(op.heap_after_gc_mib(), 1),
           "cpu_seconds_per_100": round((op.cpu_seconds() - cpu0) * 100 / count, 1), "reconcile": {}}
    for kind in kinds:
        p50, p99 = op.reconcile_quantiles(kind)
        out["reconcile"][kind] = {"p50_s": p50, "p99_s": p99}
    return out


def idle_window(namespaces, idle):
    mark = audit_mark()
    time.sleep(idle)
    writes = audit_since(mark, namespaces, writes_only=True)
    return {"idle_writes": len(writes), "idle_events": sum(1 for r in writes if r[1] == "events"),
            "idle_writes_by_kind": by_verb_resource(writes, 1)}


# ------------------------------------------------------------------ ConnectRequests across MarketplaceSources
def sources_yaml(namespace, s):
    import hashlib
    docs = []
    for i in range(s):
        text = f"Bench source {i} terms. Attribution required.\n"
        docs.append(f"""apiVersion: v1
kind: ConfigMap
metadata: {{name: src-{i:03d}-terms, namespace: {namespace}, labels: {{missioncontrol.dev/license-text: "true"}}}}
data: {{LICENSE: {json.dumps(text)}}}
---
apiVersion: missioncontrol.dev/v1alpha1
kind: MarketplaceSource
metadata: {{name: src-{i:03d}, namespace: {namespace}}}
spec:
  provider: Bench provider {i}
  description: A benchmark source.
  dataCategories: [news]
  endpoint: https://src-{i:03d}.example/search
  license:
    spdx: CC-BY-4.0
    clauses: [attribution-required]
    textSha256: {hashlib.sha256(text.encode()).hexdigest()}
    textRef: {{kind: ConfigMap, name: src-{i:03d}-terms, key: LICENSE}}
  dpia: {{reference: DPIA-BENCH-{i}, risk: low, approvedBy: dpo@example.com, approvedAt: "2026-01-01T00:00:00Z", expiresAt: "2099-01-01T00:00:00Z"}}
""")
    return "---\n".join(docs)


def requests_yaml(namespace, c, s, decided):
    docs = []
    for i in range(c):
        decision = "\n  decision: {action: approve, reviewer: bench-reviewer@example.com, note: bench}" if decided else ""
        docs.append(f"""apiVersion: missioncontrol.dev/v1alpha1
kind: ConnectRequest
metadata: {{name: req-{i:04d}, namespace: {namespace}}}
spec:
  sourceRef: src-{i % s:03d}
  tenant: tenant-{i:04d}
  purpose: Benchmark connection
  requestedBy: bench-requester@example.com{decision}
""")
    return "---\n".join(docs)


def connect_run(c, s, idle):
    """C ConnectRequests across S sources to Connected, against a raw apply of the ConfigMaps made for them."""
    ns, ns_raw = "bench-kinds-creq", "bench-kinds-creq-raw"
    fresh_namespace(ns)
    r = {"requests": c, "sources": s}
    op, _ = start_operator("kinds-connect", props=[f"-Dmissioncontrol.marketplace.pilot-cap={s}"])
    try:
        cpu0 = op.cpu_seconds()
        mark = audit_mark()
        sampler = QueueSampler(op)
        log(f"connect: {s} MarketplaceSources with their license texts")
        t0 = time.monotonic()
        k("apply", "--server-side", "-f", "-", stdin=sources_yaml(ns, s))
        r["sources_ready_s"] = round(wait_until(f"{s} sources Ready", lambda: condition_true_count("marketplacesources.missioncontrol.dev", ns), s, 60 + 3 * s) - t0, 1)
        log(f"connect: {c} ConnectRequests created by a requester, then approved by a reviewer")
        t0, t0_wall = time.monotonic(), time.time()
        k("apply", "--server-side", "--field-manager=bench-requester", *REQUESTER, "-f", "-", stdin=requests_yaml(ns, c, s, False))
        k("apply", "--server-side", "--field-manager=bench-reviewer", *REVIEWER, "-f", "-", stdin=requests_yaml(ns, c, s, True))
        r["decided_after_s"] = round(time.monotonic() - t0, 1)
        t_ready = wait_until(f"{c} requests Ready", lambda: condition_true_count("connectrequests.missioncontrol.dev", ns), c, 120 + 3 * c)
        r["queue"] = sampler.stop()
        r["operator_ready_s"] = round(t_ready - t0, 1)
        r["operator_write_phase_s"] = round(write_phase_seconds(ns, t0_wall, ("configmaps",)) or -1, 1)
        requests = audit_since(mark, (ns, OPERATOR_NS))
        r["requests_per_request"] = by_verb_resource(requests, c)
        r["writes_per_request"] = round(sum(1 for x in requests if x[0] in WRITE_VERBS) / c, 2)
        log(f"connect: {c} Connected in {r['operator_ready_s']} s; {r['writes_per_request']} writes per request; idle {idle} s")
        r.update(idle_window((ns, OPERATOR_NS), idle))
        r.update(operator_figures(op, cpu0, ("ConnectRequest", "MarketplaceSource"), c))
    finally:
        op.stop()
    objs = owned_by("configmaps", ns, "ConnectRequest")
    objs += [stripped(o) for o in kjson("get", "configmaps", "-n", OPERATOR_NS, "-l", f"missioncontrol.dev/audit-namespace={ns}")["items"]]
    apply_s, _ = raw_apply_seconds(objs, ns_raw)
    r.update({"raw_objects": len(objs), "raw_apply_s": round(apply_s, 1),
              "baseline": "raw server-side apply of the ConfigMaps the operator made (nothing of theirs becomes Available)"})
    r["ready_ratio"] = round(r["operator_ready_s"] / max(apply_s, 0.1), 2)
    if r["operator_write_phase_s"] > 0:
        r["write_phase_ratio"] = round(r["operator_write_phase_s"] / max(apply_s, 0.1), 2)
    for n_ in (ns, ns_raw):
        k("delete", "namespace", n_, "--wait=false")
    k("delete", "configmaps", "-n", OPERATOR_NS, "-l", f"missioncontrol.dev/audit-namespace={ns}", "--wait=false")
    return r


# ------------------------------------------------------------------ PredictiveRollouts
class PassingPrometheus:
    """A Prometheus stand-in on loopback for the rollouts' gates: every instant query answers one series, 1 for the
    audit-sampling share (a query over *_audited_*) and 0 for the abuse and quota shares, so every gate passes.
    Counts queries."""

    def __init__(self):
        outer = self
        self.queries = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("query", [""])[0]
                outer.queries += 1
                value = "1" if "audited" in q else "0"
                body = json.dumps({"status": "success", "data": {"resultType": "vector",
                                   "result": [{"metric": {}, "value": [time.time(), value]}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()


def rollouts_yaml(namespace, count, tenants, waves, interval, address):
    docs = []
    for i in range(count):
        names = [f"r{i:03d}-t{j:02d}" for j in range(tenants)]
        per = -(-tenants // waves)
        wave_lines = "\n".join(f"    - tenants: [{', '.join(names[w:w + per])}]" for w in range(0, tenants, per))
        docs.append(f"""apiVersion: missioncontrol.dev/v1alpha1
kind: PredictiveRollout
metadata:
  name: pr-{i:03d}
  namespace: {namespace}
  annotations: {{missioncontrol.dev/rehearse: bench}}
spec:
  feature: bench-feature-{i:03d}
  decision: go
  decidedBy: bench-reviewer@example.com
  decisionMemo: benchmark
  waves:
{wave_lines}
  analysis: {{interval: {interval}, window: 30s, breachLimit: 1m, prometheus: {{address: "{address}"}}}}
  rehearsal: {{schedule: "0 3 * * 1", image: registry.example.com/rollback-drill:1.0, command: [/drill], maxAgeDays: 7}}
""")
    return "---\n".join(docs)


def complete_jobs(namespace):
    return sum(1 for j in kjson("get", "jobs", "-n", namespace)["items"]
               for c in (j.get("status") or {}).get("conditions", []) if c["type"] == "Complete" and c["status"] == "True")


def seconds_of(duration):
    m = re.fullmatch(r"(\d+)(ms|s|m|h)", duration)
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)]


def rollouts_run(count, tenants, waves, interval, idle):
    """`count` go rollouts to Completed, against the minimum the waves allow and a raw apply of what they own."""
    ns, ns_raw = "bench-kinds-pr", "bench-kinds-pr-raw"
    fresh_namespace(ns)
    prom = PassingPrometheus()
    r = {"rollouts": count, "tenants": tenants, "waves": waves, "interval": interval,
         "minimum_s": waves * seconds_of(interval)}
    op, _ = start_operator("kinds-rollouts")
    try:
        cpu0 = op.cpu_seconds()
        mark = audit_mark()
        sampler = QueueSampler(op)
        log(f"rollouts: {count} PredictiveRollouts of {tenants} tenants in {waves} waves, interval {interval}")
        t0, t0_wall = time.monotonic(), time.time()
        k("apply", "--server-side", "--field-manager=bench-reviewer", *REVIEWER, "-f", "-",
          stdin=rollouts_yaml(ns, count, tenants, waves, interval, prom.address))
        t_ready = wait_until(f"{count} rollouts Ready", lambda: condition_true_count("predictiverollouts.missioncontrol.dev", ns), count, 180 + 3 * count)
        r["queue"] = sampler.stop()
        r["operator_ready_s"] = round(t_ready - t0, 1)
        r["operator_write_phase_s"] = round(write_phase_seconds(ns, t0_wall, ("configmaps", "cronjobs", "jobs")) or -1, 1)
        r["prometheus_queries"] = prom.queries
        requests = audit_since(mark, ns)
        r["requests_per_rollout"] = by_verb_resource(requests, count)
        r["writes_per_rollout"] = round(sum(1 for x in requests if x[0] in WRITE_VERBS) / count, 2)
        log(f"rollouts: {count} Completed in {r['operator_ready_s']} s (minimum {r['minimum_s']} s); {r['writes_per_rollout']} writes each; idle {idle} s")
        r.update(idle_window(ns, idle))
        r.update(operator_figures(op, cpu0, ("PredictiveRollout",), count))
    finally:
        op.stop()
        prom.close()
    objs = [o for kind in ("configmaps", "cronjobs", "jobs") for o in owned_by(kind, ns, "PredictiveRollout")]
    jobs = sum(1 for o in objs if o["kind"] == "Job")
    apply_s, t0 = raw_apply_seconds(objs, ns_raw)
    r.update({"raw_objects": len(objs), "raw_jobs": jobs, "raw_apply_s": round(apply_s, 1),
              "baseline": "raw server-side apply of the ConfigMaps, CronJobs and drill Jobs the operator made, to the Jobs Complete"})
    try:
        r["raw_ready_s"] = round(wait_until(f"{jobs} raw Jobs Complete", lambda: complete_jobs(ns_raw), jobs, 120 + count) - t0, 1)
    except RuntimeError as e:
        r["raw_ready_s"], r["raw_ready_s_why"] = None, str(e)
    base = r["raw_ready_s"] or apply_s
    r["ready_ratio"] = round(r["operator_ready_s"] / max(base, 0.1), 2)
    r["minimum_ratio"] = round(r["operator_ready_s"] / max(r["minimum_s"], 0.1), 2)
    if r["operator_write_phase_s"] > 0:
        r["write_phase_ratio"] = round(r["operator_write_phase_s"] / max(apply_s, 0.1), 2)
    for n_ in (ns, ns_raw):
        k("delete", "namespace", n_, "--wait=false")
    return r


def kinds_runs():
    """Part 6 with its sizes from the environment: {"connect": {...}, "rollouts": {...}} (a size of 0 skips one)."""
    idle = int(os.environ.get("BENCH_IDLE", "120"))
    out = {}
    c, s = int(os.environ.get("BENCH_CONNECT", "200")), int(os.environ.get("BENCH_SOURCES", "50"))
    n = int(os.environ.get("BENCH_ROLLOUTS", "100"))
    runs = {"connect": (c > 0, lambda: connect_run(c, s, idle)),
            "rollouts": (n > 0, lambda: rollouts_run(n, int(os.environ.get("BENCH_ROLLOUT_TENANTS", "10")),
                                                     int(os.environ.get("BENCH_ROLLOUT_WAVES", "2")),
                                                     os.environ.get("BENCH_ROLLOUT_INTERVAL", "5s"), idle))}
    for name, (wanted, run) in runs.items():
        if wanted:
            try:
                out[name] = run()
            except RuntimeError as e:  # a goal not reached in time, an operator that would not start: say so, go on
                log(f"kinds {name}: not measured: {e}")
                out[name] = {"why": str(e)}
    return out


def _reconcile(r):
    return "; ".join(f"{kind} {v['p50_s']}/{v['p99_s']}" for kind, v in r["reconcile"].items())


def report_lines(kinds):
    """Markdown for part 6, each figure beside its baseline."""
    lines = ["## Part 6: the other kinds", ""]
    c, p = kinds.get("connect"), kinds.get("rollouts")
    if c and "why" in c:
        lines += [f"ConnectRequests: not measured: {c['why']}", ""]
    elif c:
        lines += [f"{c['requests']} ConnectRequests across {c['sources']} MarketplaceSources (sources Ready in "
                  f"{c['sources_ready_s']} s first), created by a requester and approved by a reviewer at once. Baseline: "
                  f"{c['baseline']}, {c['raw_objects']} objects.", "",
                  "| Connected (operator) s | raw apply s | ratio | write phase s | ratio | writes/request | idle writes | idle Events "
                  "| RSS MiB | heap after GC MiB | CPU s/100 | reconcile p50/p99 s |", "|" + "---|" * 12,
                  f"| {c['operator_ready_s']} | {c['raw_apply_s']} | {c['ready_ratio']} | {c['operator_write_phase_s']} "
                  f"| {c.get('write_phase_ratio', '-')} | {c['writes_per_request']} | {c['idle_writes']} | {c['idle_events']} "
                  f"| {c['rss_mib']} | {c['heap_live_after_gc_mib']} | {c['cpu_seconds_per_100']} | {_reconcile(c)} |", "",
                  "Requests per ConnectRequest (the request's namespace and the operator's, where the archive lives):", ""]
        lines += [f"- {key}: {v}" for key, v in c["requests_per_request"].items()]
        lines.append("")
    else:
        lines += ["ConnectRequests: not measured: BENCH_CONNECT=0", ""]
    if p and "why" in p:
        lines += [f"PredictiveRollouts: not measured: {p['why']}"]
    elif p:
        raw = p["raw_ready_s"] if p["raw_ready_s"] is not None else f"not measured: {p.get('raw_ready_s_why')}"
        lines += [f"{p['rollouts']} PredictiveRollouts of {p['tenants']} tenants in {p['waves']} waves, interval {p['interval']}, "
                  f"gates answered by a Prometheus stand-in that passes them ({p['prometheus_queries']} queries), a drill "
                  f"requested at creation. Baselines: the minimum the waves allow ({p['minimum_s']} s) and {p['baseline']} "
                  f"({p['raw_objects']} objects, {p['raw_jobs']} Jobs).", "",
                  "| Completed (operator) s | minimum s | ratio | raw apply s | raw Jobs Complete s | ratio | write phase s | ratio "
                  "| writes/rollout | idle writes | idle Events | RSS MiB | heap after GC MiB | CPU s/100 | reconcile p50/p99 s |",
                  "|" + "---|" * 15,
                  f"| {p['operator_ready_s']} | {p['minimum_s']} | {p['minimum_ratio']} | {p['raw_apply_s']} | {raw} "
                  f"| {p['ready_ratio']} | {p['operator_write_phase_s']} | {p.get('write_phase_ratio', '-')} | {p['writes_per_rollout']} "
                  f"| {p['idle_writes']} | {p['idle_events']} | {p['rss_mib']} | {p['heap_live_after_gc_mib']} "
                  f"| {p['cpu_seconds_per_100']} | {_reconcile(p)} |", "", "Requests per PredictiveRollout:", ""]
        lines += [f"- {key}: {v}" for key, v in p["requests_per_rollout"].items()]
    else:
        lines += ["PredictiveRollouts: not measured: BENCH_ROLLOUTS=0"]
    return lines


def main():
    kinds = kinds_runs()
    out = os.environ.get("BENCH_OUT") or os.path.join("bench-results", "kinds-" + time.strftime("%Y-%m-%dT%H%MZ", time.gmtime()) + ".json")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        json.dump({"kinds": kinds}, f, indent=2)
    print("\n".join(report_lines(kinds)))
    log(f"results: {out}")


if __name__ == "__main__":
    main()
