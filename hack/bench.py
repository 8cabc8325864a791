#!/usr/bin/env python3
"""`make bench`: the operator measured against a baseline in the same run, on a local cluster of its own.

What it measures today (issue 12, parts 1 and 2), for each N in BENCH_N (default "100"):
  scale     N FederationCohorts created at once, to Ready (gateway Available), against a raw `kubectl apply
            --server-side` of the very objects the operator made (copied from its namespace) to Available; the
            operator's write phase (first owned object to last) against kubectl's apply time alone; API requests per
            cohort by verb and resource (the API server's audit log); writes and Events over an idle window (goal 0);
            operator RSS, heap live after a GC and CPU seconds per 100 cohorts; reconcile duration p50/p99 from the
            operator's own histogram.
  restart   the operator stopped (SIGTERM) and started again with N cohorts at rest: time to ready, time to quiet
            (no write for QUIET seconds), writes issued by the new process (goal 0).
  noisy     (part 5) K FederationCohorts whose Prometheus accepts connections and never answers (a stalling server
            bench.py runs on loopback), analysing every 5 s, while M static cohorts in another namespace are created
            one at a time: seconds from each create to its first reconciliation (Reconciled=True, seen by kubectl
            wait's watch), against the same M measured just before the bad cohorts existed; and how many requests
            reached the dead address (BENCH_NOISY_K, default 6, 0 skips; BENCH_NOISY_M, default 10). Run twice: with
            the operator's hold on unreachable addresses off (missioncontrol.prometheus.unreachable-hold=0s) and on.
Parts 3, 4 and 6 of the issue (analysis cadence, breach to fallback, the other kinds) are not measured yet; the report
says so.

The operator runs as the chart runs it: its memory limit as -XX:MaxRAM, and its JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX
(read from `helm template` of the chart).
Writes a machine-readable result (BENCH_OUT, default bench-results/<date>.json) and prints a short report.
Environment: KUBECTL, KUBECONFIG, AUDIT_LOG, OPERATOR_JAR (set by hack/bench.sh), BENCH_N, BENCH_IDLE (s, default
120), BENCH_QUIET (s, default 10).
"""
import datetime
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

KUBECTL = os.environ["KUBECTL"]
AUDIT_LOG = os.environ["AUDIT_LOG"]
JAR = os.environ["OPERATOR_JAR"]
NS_PREFIX = "bench"
WRITE_VERBS = {"create", "update", "patch", "delete", "deletecollection"}
OPERATOR_AGENT = "fabric8-kubernetes-client/"
HELM = os.environ.get("HELM", "helm")
CHART_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "charts", "mission-control-operator")


def chart_runtime():
    """How the chart runs the operator, from the chart itself (`helm template`): the container's memory limit (given
    to the JVM as -XX:MaxRAM, as a container limit would be) and the environment that shapes memory (JAVA_TOOL_OPTIONS,
    MALLOC_ARENA_MAX). So the benchmark measures the chart as shipped, and changes with it."""
    import yaml
    rendered = subprocess.run([HELM, "template", "bench", CHART_DIR], check=True, capture_output=True, text=True).stdout
    for doc in yaml.safe_load_all(rendered):
        if doc and doc.get("kind") == "Deployment":
            c = doc["spec"]["template"]["spec"]["containers"][0]
            env = {e["name"]: e["value"] for e in c.get("env", []) if e["name"] in ("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX")}
            limit = c["resources"]["limits"]["memory"]
            units = {"Mi": "m", "Gi": "g"}
            return [f"-XX:MaxRAM={limit[:-2]}{units[limit[-2:]]}"], env
    raise RuntimeError("no Deployment in the rendered chart")


CHART_JVM, CHART_ENV = chart_runtime()


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def k(*args, stdin=None, check=True):
    r = subprocess.run([KUBECTL, *args], input=stdin, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"kubectl {' '.join(args[:4])}: {r.stderr.strip()}")
    return r.stdout


def kjson(*args):
    return json.loads(k(*args, "-o", "json"))


# ------------------------------------------------------------------ the operator process
class Operator:
    def __init__(self, name, props=()):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.log_path = os.path.join(os.environ.get("BENCH_WORK", "/tmp"), f"bench-operator-{name}.log")
        self.proc = subprocess.Popen(["java", *CHART_JVM, f"-Dquarkus.http.port={self.port}", *props, "-jar", JAR],
                                     env={**os.environ, **CHART_ENV},
                                     stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        self.started = time.monotonic()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the operator exited ({self.proc.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url("/q/health/ready"), timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started
            except Exception:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the operator was not ready after {timeout} s; see {self.log_path}")

    def metrics(self):
        with urllib.request.urlopen(self.url("/q/metrics"), timeout=10) as r:
            return r.read().decode()

    def rss_mib(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def cpu_seconds(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def heap_after_gc_mib(self):
        jcmd = os.path.join(os.path.dirname(os.path.realpath(subprocess.check_output(["which", "java"], text=True).strip())), "jcmd")
        subprocess.run([jcmd, str(self.proc.pid), "GC.run"], capture_output=True, timeout=60)
        time.sleep(1)
        used = sum(float(v) for v in re.findall(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\} ([0-9.eE+]+)', self.metrics(), re.M))
        return used / 2**20

    def reconcile_quantiles(self, kind):
        """p50 and p99 (seconds) of missioncontrol_reconciliation_duration_seconds{kind} from its histogram buckets."""
        buckets = []
        for le, v in re.findall(r'^missioncontrol_reconciliation_duration_seconds_bucket\{[^}]*kind="' + kind
                                + r'"[^}]*le="([^"]+)"[^}]*\} ([0-9.eE+]+)', self.metrics(), re.M):
            buckets.append((float("inf") if le == "+Inf" else float(le), float(v)))
        buckets.sort()
        if not buckets or buckets[-1][1] == 0:
            return None, None
        total = buckets[-1][1]

        def q(p):
            for le, v in buckets:
                if v >= p * total:
                    return le
            return None
        return q(0.5), q(0.99)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_operator(name, attempts=3, props=()):
    """A started and ready operator, and seconds from the first launch to ready. On a loaded machine the operator may
    exit at startup (an informer's first list timing out); it is launched again, as a kubelet would restart it."""
    first = time.monotonic()
    for attempt in range(1, attempts + 1):
        op = Operator(f"{name}-{attempt}", props)
        try:
            op.wait_ready()
            op.launches = attempt
            return op, time.monotonic() - first
        except RuntimeError as e:
            log(f"{name}: launch {attempt} failed: {e}")
            op.stop()
    raise RuntimeError(f"{name}: the operator did not start in {attempts} launches")


# ------------------------------------------------------------------ the API server's audit log
def audit_mark():
    return os.path.getsize(AUDIT_LOG)


def audit_since(mark, namespace=None, agent=OPERATOR_AGENT, writes_only=False):
    """(verb, resource, subresource) of each audited request after the mark by the given user agent."""
    out = []
    with open(AUDIT_LOG, "rb") as f:
        f.seek(mark)
        for line in f.read().decode(errors="replace").splitlines():
            if not line.strip():
                continue
            e = json.loads(line)
            if not e.get("userAgent", "").startswith(agent):
                continue
            ref = e.get("objectRef", {})
            if namespace and ref.get("namespace") != namespace:
                continue
            if writes_only and e.get("verb") not in WRITE_VERBS:
                continue
            out.append((e.get("verb"), ref.get("resource"), ref.get("subresource")))
    return out


def by_verb_resource(requests, per):
    counts = {}
    for verb, resource, sub in requests:
        key = f"{verb} {resource}{'/' + sub if sub else ''}"
        counts[key] = counts.get(key, 0) + 1
    return {key: round(v / per, 2) for key, v in sorted(counts.items())}


# ------------------------------------------------------------------ workloads
def cohorts_yaml(namespace, n):
    docs = []
    for i in range(n):
        docs.append(f"""apiVersion: missioncontrol.dev/v1alpha1
kind: FederationCohort
metadata: {{name: c-{i:04d}, namespace: {namespace}}}
spec:
  tenants: [tenant-{i:04d}-a, tenant-{i:04d}-b]
  search:
    image: registry.example.com/federation-gateway:1.4.2
    replicas: 2
    indexes:
      - {{name: products, endpoint: "https://products-index.search.svc.cluster.local:9200", license: {{spdx: LicenseRef-first-party}}}}
      - {{name: docs, endpoint: "https://docs-index.search.svc.cluster.local:9200", license: {{spdx: CC-BY-4.0, clauses: [attribution-required]}}}}
""")
    return "---\n".join(docs)


def ready_count(namespace):
    items = kjson("get", "federationcohorts.missioncontrol.dev", "-n", namespace)["items"]
    return sum(1 for c in items for cond in (c.get("status") or {}).get("conditions", [])
               if cond["type"] == "Ready" and cond["status"] == "True"
               and cond.get("observedGeneration") == c["metadata"]["generation"])


def available_count(namespace):
    items = kjson("get", "deployments", "-n", namespace)["items"]
    return sum(1 for d in items for cond in (d.get("status") or {}).get("conditions", [])
               if cond["type"] == "Available" and cond["status"] == "True")


def wait_until(what, fn, target, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fn() >= target:
            return time.monotonic()
        time.sleep(0.5)
    raise RuntimeError(f"{what}: not reached within {timeout} s")


def owned_objects(namespace):
    """The Deployments, Services and ConfigMaps the operator made, stripped to what a raw apply would send."""
    objs = []
    for kind in ("deployments", "services", "configmaps"):
        for o in kjson("get", kind, "-n", namespace, "-l", "app.kubernetes.io/managed-by=mission-control-operator")["items"]:
            meta = o["metadata"]
            o["metadata"] = {"name": meta["name"], "labels": meta.get("labels", {}), "annotations": meta.get("annotations", {})}
            o.pop("status", None)
            if o["kind"] == "Service":
                for f in ("clusterIP", "clusterIPs"):
                    o["spec"].pop(f, None)
            objs.append(o)
    return objs


def write_phase_seconds(namespace, t0_wall):
    """From the cohorts' creation to the last owned object's creation (the audit log's timestamps, to the microsecond)."""
    last = None
    with open(AUDIT_LOG) as f:
        for line in f:
            if f'"namespace":"{namespace}"' not in line or '"verb":"create"' not in line:
                continue
            e = json.loads(line)
            if not e.get("userAgent", "").startswith(OPERATOR_AGENT):
                continue
            if e["objectRef"].get("resource") not in ("deployments", "services", "configmaps"):
                continue
            t = datetime.datetime.fromisoformat(e["stageTimestamp"].replace("Z", "+00:00")).timestamp()
            last = t if last is None or t > last else last
    return None if last is None else last - t0_wall


# ------------------------------------------------------------------ the runs
def scale_run(n, idle, quiet):
    ns_op, ns_raw = f"{NS_PREFIX}-op-{n}", f"{NS_PREFIX}-raw-{n}"
    for ns in (ns_op, ns_raw):
        k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=600s")
        k("create", "namespace", ns)
    result = {"n": n}
    op, _ = start_operator(f"scale-{n}")
    try:
        cpu0 = op.cpu_seconds()
        mark = audit_mark()
        log(f"N={n}: creating {n} FederationCohorts")
        t0, t0_wall = time.monotonic(), time.time()
        k("apply", "--server-side", "-f", "-", stdin=cohorts_yaml(ns_op, n))
        t_ready = wait_until(f"{n} cohorts Ready", lambda: ready_count(ns_op), n, 60 + 3 * n)
        result["operator_ready_s"] = round(t_ready - t0, 1)
        result["operator_write_phase_s"] = round(write_phase_seconds(ns_op, t0_wall) or -1, 1)
        requests = audit_since(mark, ns_op)
        result["requests_per_cohort"] = by_verb_resource(requests, n)
        result["writes_per_cohort"] = round(sum(1 for r in requests if r[0] in WRITE_VERBS) / n, 2)
        log(f"N={n}: Ready in {result['operator_ready_s']} s; {result['writes_per_cohort']} writes per cohort")

        log(f"N={n}: idle for {idle} s")
        mark = audit_mark()
        time.sleep(idle)
        idle_writes = audit_since(mark, ns_op, writes_only=True)
        result["idle_writes"] = len(idle_writes)
        result["idle_events"] = sum(1 for r in idle_writes if r[1] == "events")
        result["cpu_seconds_per_100"] = round((op.cpu_seconds() - cpu0) * 100 / n, 1)
        result["rss_mib"] = round(op.rss_mib(), 1)
        result["heap_live_after_gc_mib"] = round(op.heap_after_gc_mib(), 1)
        p50, p99 = op.reconcile_quantiles("FederationCohort")
        result["reconcile_p50_s"], result["reconcile_p99_s"] = p50, p99
        op.stop()

        log(f"N={n}: restart with {n} cohorts at rest")
        mark = audit_mark()
        restarted = time.monotonic()
        op, ready_s = start_operator(f"restart-{n}")
        result["restart_ready_s"] = round(ready_s, 1)
        result["restart_launches"] = op.launches
        # Quiet: no write by the operator for `quiet` seconds.
        last_count, last_change = 0, restarted
        while time.monotonic() - last_change < quiet:
            time.sleep(1)
            c = len(audit_since(mark, ns_op, writes_only=True))
            if c != last_count:
                last_count, last_change = c, time.monotonic()
            if time.monotonic() - restarted > 600:
                break
        result["restart_quiet_s"] = round(last_change - restarted, 1)
        restart_writes = audit_since(mark, ns_op, writes_only=True)
        result["restart_writes"] = len(restart_writes)
        result["restart_writes_by_kind"] = by_verb_resource(restart_writes, 1)
        result["restart_rss_mib"] = round(op.rss_mib(), 1)
        log(f"N={n}: restart ready {result['restart_ready_s']} s, quiet {result['restart_quiet_s']} s, {len(restart_writes)} writes")
    finally:
        op.stop()

    log(f"N={n}: baseline: the same objects, raw, with kubectl apply --server-side")
    objs = owned_objects(ns_op)
    doc = json.dumps({"apiVersion": "v1", "kind": "List", "items": objs})
    deployments = sum(1 for o in objs if o["kind"] == "Deployment")
    t0 = time.monotonic()
    k("apply", "--server-side", "-n", ns_raw, "-f", "-", stdin=doc)
    t_applied = time.monotonic()
    t_available = wait_until(f"{deployments} raw Deployments Available", lambda: available_count(ns_raw), deployments, 60 + 3 * n)
    result["raw_objects"] = len(objs)
    result["raw_apply_s"] = round(t_applied - t0, 1)
    result["raw_available_s"] = round(t_available - t0, 1)
    result["ready_ratio"] = round(result["operator_ready_s"] / max(result["raw_available_s"], 0.1), 2)
    if result["operator_write_phase_s"] > 0:
        result["write_phase_ratio"] = round(result["operator_write_phase_s"] / max(result["raw_apply_s"], 0.1), 2)
    for ns in (ns_op, ns_raw):
        k("delete", "namespace", ns, "--wait=false")
    return result


# ------------------------------------------------------------------ part 5: noisy neighbours
class StallingServer:
    """A Prometheus that hangs: accepts every connection on loopback and never answers. Counts connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)

    @property
    def address(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self):
        self.sock.close()
        for c in self.conns:
            c.close()


def bad_cohorts_yaml(namespace, k_, address):
    docs = []
    for i in range(k_):
        docs.append(f"""apiVersion: missioncontrol.dev/v1alpha1
kind: FederationCohort
metadata: {{name: bad-{i:03d}, namespace: {namespace}}}
spec:
  tenants: [bad-{i:03d}-a, bad-{i:03d}-b]
  search:
    image: registry.example.com/federation-gateway:1.4.2
    replicas: 1
    indexes:
      - {{name: products, endpoint: "https://products-index.search.svc.cluster.local:9200", license: {{spdx: LicenseRef-first-party}}}}
  rollout:
    steps: [{{tenants: 1, pause: 5s}}]
    analysis: {{interval: 5s, window: 30s, failureLimit: 3, prometheus: {{address: "{address}"}}}}
""")
    return "---\n".join(docs)


def first_reconcile_latencies(namespace, m, tag):
    """m static cohorts created one at a time: seconds from each create to its first Reconciled=True."""
    out = []
    for i in range(m):
        name = f"probe-{tag}-{i:03d}"
        doc = f"""apiVersion: missioncontrol.dev/v1alpha1
kind: FederationCohort
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  tenants: [{name}-a]
  search:
    image: registry.example.com/federation-gateway:1.4.2
    replicas: 1
    indexes:
      - {{name: products, endpoint: "https://products-index.search.svc.cluster.local:9200", license: {{spdx: LicenseRef-first-party}}}}
"""
        t0 = time.monotonic()
        k("apply", "--server-side", "-f", "-", stdin=doc)
        k("wait", "--for=condition=Reconciled=True", f"federationcohorts.missioncontrol.dev/{name}", "-n", namespace, "--timeout=300s")
        out.append(round(time.monotonic() - t0, 2))
    return out


def quantile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def noisy_run(k_, m, hold):
    """hold: the operator's missioncontrol.prometheus.unreachable-hold (0s: every query waits for its own timeout)."""
    ns_good, ns_bad = f"{NS_PREFIX}-noisy-good-{hold}", f"{NS_PREFIX}-noisy-bad-{hold}"
    for ns in (ns_good, ns_bad):
        k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=600s")
        k("create", "namespace", ns)
    stall = StallingServer()
    op, _ = start_operator(f"noisy-hold-{hold}", props=[f"-Dmissioncontrol.prometheus.unreachable-hold={hold}"])
    result = {"k": k_, "m": m, "hold": hold}
    try:
        log(f"noisy: baseline: {m} unrelated cohorts, one at a time, no bad cohort")
        result["baseline_s"] = first_reconcile_latencies(ns_good, m, "base")
        log(f"noisy: {k_} cohorts analysing every 5 s against a Prometheus that never answers ({stall.address})")
        k("apply", "--server-side", "-f", "-", stdin=bad_cohorts_yaml(ns_bad, k_, stall.address))
        wait_until("a gate query at the dead address", lambda: len(stall.conns), 1, 120)
        time.sleep(15)  # past the first query timeout (10 s): the bad cohorts' analyses now recur
        before = len(stall.conns)
        t0 = time.monotonic()
        result["noisy_s"] = first_reconcile_latencies(ns_good, m, "noisy")
        result["dead_address_requests_per_min"] = round((len(stall.conns) - before) * 60 / max(time.monotonic() - t0, 1), 1)
        reasons = set()
        for c in kjson("get", "federationcohorts.missioncontrol.dev", "-n", ns_bad)["items"]:
            for cond in (c.get("status") or {}).get("conditions", []):
                if cond["type"] == "Ready":
                    reasons.add(cond.get("reason"))
        result["bad_ready_reasons"] = sorted(r for r in reasons if r)
    finally:
        op.stop()
        stall.close()
    for key in ("baseline_s", "noisy_s"):
        vals = result[key]
        result[key.replace("_s", "_p50_s")] = quantile(vals, 0.5)
        result[key.replace("_s", "_max_s")] = max(vals)
    result["p50_ratio"] = round(result["noisy_p50_s"] / max(result["baseline_p50_s"], 0.01), 2)
    log(f"noisy (hold {hold}): first reconciliation p50 {result['baseline_p50_s']} s without, {result['noisy_p50_s']} s with {k_} bad cohorts "
        f"(max {result['baseline_max_s']} / {result['noisy_max_s']} s); {result['dead_address_requests_per_min']} requests/min reached the dead address")
    for ns in (ns_good, ns_bad):
        k("delete", "namespace", ns, "--wait=false")
    return result


def report(results, meta, noisy=None):
    lines = [f"# Benchmark: {meta['date']} on {meta['machine']}", "",
             "Measured by `make bench` (hack/bench.py); each operator figure beside its baseline from the same run.", "",
             "| N | Ready (operator) | Available (raw apply) | ratio | write phase | kubectl apply | ratio | writes/cohort "
             "| idle writes | RSS MiB | heap after GC MiB | CPU s/100 | reconcile p50/p99 s | restart ready s | quiet s | restart writes |",
             "|" + "---|" * 16]
    for r in results:
        lines.append(f"| {r['n']} | {r['operator_ready_s']} | {r['raw_available_s']} | {r['ready_ratio']} | {r['operator_write_phase_s']} "
                     f"| {r['raw_apply_s']} | {r.get('write_phase_ratio', '-')} | {r['writes_per_cohort']} | {r['idle_writes']} "
                     f"| {r['rss_mib']} | {r['heap_live_after_gc_mib']} | {r['cpu_seconds_per_100']} "
                     f"| {r['reconcile_p50_s']}/{r['reconcile_p99_s']} | {r['restart_ready_s']} | {r['restart_quiet_s']} | {r['restart_writes']} |")
    lines += ["", "Requests per cohort (verb resource: count), largest N:", ""]
    for key, v in results[-1]["requests_per_cohort"].items():
        lines.append(f"- {key}: {v}")
    if noisy:
        lines += ["", f"Noisy neighbours: {noisy[0]['k']} cohorts analysing every 5 s against a Prometheus that never answers; "
                  f"{noisy[0]['m']} unrelated cohorts in another namespace, created one at a time: seconds to their first "
                  "reconciliation, before the bad cohorts exist (baseline) and with them; with the operator's hold on "
                  "unreachable addresses off (0s: every query waits for its 10 s timeout) and on (the default):", "",
                  "| unreachable-hold | baseline p50 s | baseline max s | with bad cohorts p50 s | max s | p50 ratio | requests/min at the dead address |",
                  "|---|---|---|---|---|---|---|"]
        for r in noisy:
            lines.append(f"| {r['hold']} | {r['baseline_p50_s']} | {r['baseline_max_s']} | {r['noisy_p50_s']} | {r['noisy_max_s']} "
                         f"| {r['p50_ratio']} | {r['dead_address_requests_per_min']} |")
    lines += ["", "Not measured yet (issue 12 parts 3, 4 and 6): analysis cadence at scale, breach to fallback, "
              "the other kinds; leader failover with two replicas."]
    return "\n".join(lines) + "\n"


def main():
    ns = [int(x) for x in os.environ.get("BENCH_N", "100").replace(",", " ").split()]
    idle = int(os.environ.get("BENCH_IDLE", "120"))
    quiet = int(os.environ.get("BENCH_QUIET", "10"))
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                       f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
                       f"load {os.getloadavg()[0]:.1f} at start",
            "idle_s": idle, "quiet_s": quiet, "jvm": CHART_JVM, "env": CHART_ENV}
    results = [scale_run(n, idle, quiet) for n in ns]
    noisy_k = int(os.environ.get("BENCH_NOISY_K", "6"))
    noisy_m = int(os.environ.get("BENCH_NOISY_M", "10"))
    noisy = [noisy_run(noisy_k, noisy_m, hold) for hold in ("0s", "5s")] if noisy_k > 0 else None
    out = os.environ.get("BENCH_OUT") or os.path.join("bench-results", meta["date"].replace(":", "") + ".json")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        json.dump({"meta": meta, "results": results, "noisy": noisy}, f, indent=2)
    text = report(results, meta, noisy)
    with open(os.path.splitext(out)[0] + ".md", "w") as f:
        f.write(text)
    print(text)
    log(f"results: {out} and {os.path.splitext(out)[0]}.md")


if __name__ == "__main__":
    main()
