#!/usr/bin/env python3
"""`make bench`: the operator measured against a baseline in the same run, on a local cluster of its own.

Parts (BENCH_PARTS, a comma list; default all): scale, restart, failover, noisy, analysis, breach, kinds.
  scale     (issue 12 part 1) for each N in BENCH_N (default "100"): N FederationCohorts created at once, to Ready
            (gateway Available), against a raw `kubectl apply --server-side` of the very objects the operator made
            (copied from its namespace) to Available; the operator's write phase (first owned object to last) against
            kubectl's apply time alone; API requests per cohort by verb and resource (the API server's audit log);
            writes and Events over an idle window (goal 0); operator RSS, heap live after a GC and CPU seconds per 100
            cohorts; reconcile duration p50/p99 from the operator's own histogram; JOSDK queue depth and wait (missioncontrol_reconcile_queue_*).
  restart   (part 2) the operator stopped (SIGTERM) and started again with N cohorts at rest: time to ready, time to
            quiet (no write for QUIET seconds), writes issued by the new process (goal 0).
  failover  (part 2) two replicas with leader election and N cohorts at rest; the leader SIGKILLed: time to the other
            holding the Lease, to it having reconciled every cohort, to quiet, and the writes after the kill (goal 0).
  noisy     (part 5) K FederationCohorts whose Prometheus accepts connections and never answers (a stalling server
            bench.py runs on loopback), analysing every 5 s, while M static cohorts in another namespace are created
            one at a time: seconds from each create to its first reconciliation (Reconciled=True, seen by kubectl
            wait's watch), against the same M measured just before the bad cohorts existed; and how many requests
            reached the dead address (BENCH_NOISY_K, default 6, 0 skips; BENCH_NOISY_M, default 10). Run twice: with
            the operator's hold on unreachable addresses off (missioncontrol.prometheus.unreachable-hold=0s) and on.
  analysis, breach   (parts 3 and 4) from hack/bench_analysis.py, imported only when selected (BENCH_ANALYSIS_M,
            BENCH_BREACH_RUNS); without that file the report says they are not measured.
  kinds     (part 6) hack/bench_kinds.py: ConnectRequests across MarketplaceSources and PredictiveRollouts.

The operator runs as the chart runs it: its memory limit as -XX:MaxRAM, and its JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX
(read from `helm template` of the chart).
Writes a machine-readable result (BENCH_OUT, default bench-results/<date>.json), the report beside it (<out>.md) with
its plots (<out>-time.svg, -memory.svg, -analysis-lag.svg), and prints the report; BENCH_REPORT_DIR copies the report,
the JSON and the plots there too.
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
    def __init__(self, name, props=(), env=None):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.log_path = os.path.join(os.environ.get("BENCH_WORK", "/tmp"), f"bench-operator-{name}.log")
        self.proc = subprocess.Popen(["java", *CHART_JVM, f"-Dquarkus.http.port={self.port}", *props, "-jar", JAR],
                                     env={**os.environ, **CHART_ENV, **(env or {})},
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

    def reconcile_quantiles(self, kind, metric="missioncontrol_reconciliation_duration_seconds"):
        """p50 and p99 (seconds, bucket bounds) of a histogram of the operator's, {kind}: by default the reconciliation
        duration; missioncontrol_reconcile_queue_wait_seconds for the wait for a reconcile thread."""
        buckets = []
        for le, v in re.findall(r'^' + metric + r'_bucket\{[^}]*kind="' + kind
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

    def reconciled_count(self, kind):
        """How many reconciliations of `kind` this process finished (the _count of its duration histogram)."""
        try:
            m = re.findall(r'^missioncontrol_reconciliation_duration_seconds_count\{[^}]*kind="' + kind + r'"[^}]*\} ([0-9.eE+]+)',
                           self.metrics(), re.M)
        except Exception:
            return 0
        return sum(float(v) for v in m)

    def kill(self):
        """SIGKILL: the process dies as a crashed node's would, without releasing its Lease."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_operator(name, attempts=3, props=(), env=None):
    """A started and ready operator, and seconds from the first launch to ready. On a loaded machine the operator may
    exit at startup (an informer's first list timing out); it is launched again, as a kubelet would restart it."""
    first = time.monotonic()
    for attempt in range(1, attempts + 1):
        op = Operator(f"{name}-{attempt}", props, env)
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
            if namespace and ref.get("namespace") not in ((namespace,) if isinstance(namespace, str) else namespace):
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
# Gateway replicas per cohort (BENCH_REPLICAS, default 2). With 0, a cohort's Deployment is Available at once, so the
# scale, restart and failover parts measure the operator's own work without kube-controller-manager's pace of creating
# pods (about 0.7 pods a second on the local cluster: 1,000 cohorts of 2 replicas take most of an hour on each side).
REPLICAS = int(os.environ.get("BENCH_REPLICAS", "2"))


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
    replicas: {REPLICAS}
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


def write_phase_seconds(namespace, t0_wall, resources=("deployments", "services", "configmaps")):
    """From the resources' creation to the last owned object's creation (the audit log's timestamps, to the microsecond)."""
    last = None
    with open(AUDIT_LOG) as f:
        for line in f:
            if f'"namespace":"{namespace}"' not in line or '"verb":"create"' not in line:
                continue
            e = json.loads(line)
            if not e.get("userAgent", "").startswith(OPERATOR_AGENT):
                continue
            if e["objectRef"].get("resource") not in resources:
                continue
            t = datetime.datetime.fromisoformat(e["stageTimestamp"].replace("Z", "+00:00")).timestamp()
            last = t if last is None or t > last else last
    return None if last is None else last - t0_wall


# ------------------------------------------------------------------ JOSDK's work queue, as far as /q/metrics shows it
def configured_reconcile_threads():
    """quarkus.operator-sdk.concurrent-reconciliation-threads as the operator runs with it: the environment's override
    (QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS, for measuring another count), else application.properties."""
    if os.environ.get("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS"):
        return int(os.environ["QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS"])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "operator", "src", "main", "resources", "application.properties")
    m = re.search(r"^quarkus\.operator-sdk\.concurrent-reconciliation-threads=(\d+)", open(path).read(), re.M)
    return int(m.group(1)) if m else None


class QueueSampler:
    """Samples the operator during a burst: its /q/metrics once a second, for JOSDK's work queue as the operator exports
    it (the most seen of missioncontrol_reconcile_queue_depth{kind} and missioncontrol_reconciliations_running{kind}),
    and a thread dump every 2 s (jcmd Thread.print), for the most threads seen inside JOSDK's ReconciliationDispatcher
    at once. At the end, the queue wait p50/p99 per kind from missioncontrol_reconcile_queue_wait_seconds. What is not
    exported is reported as such, never guessed."""

    SERIES = r'^(missioncontrol_reconcile_queue_depth|missioncontrol_reconciliations_running)\{kind="([^"]+)"\} ([0-9.eE+-]+)$'

    def __init__(self, op):
        self.op, self.max, self.busy, self.done = op, {}, None, threading.Event()
        self.jcmd = os.path.join(os.path.dirname(os.path.realpath(subprocess.check_output(["which", "java"], text=True).strip())), "jcmd")
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample_metrics(self):
        try:
            text = self.op.metrics()
        except Exception:
            return
        for name, kind, v in re.findall(self.SERIES, text, re.M):
            key = f"{name}{{kind={kind}}}"
            self.max[key] = max(self.max.get(key, 0.0), float(v))

    def _sample_threads(self):
        try:
            dump = subprocess.run([self.jcmd, str(self.op.proc.pid), "Thread.print"], capture_output=True, text=True, timeout=30).stdout
        except Exception:
            return
        busy = sum(1 for block in dump.split("\n\n") if block.startswith('"') and "ReconciliationDispatcher" in block)
        self.busy = max(self.busy or 0, busy)

    def _run(self):
        tick = 0
        while not self.done.is_set():
            self._sample_metrics()
            if tick % 2 == 0:
                self._sample_threads()
            tick += 1
            self.done.wait(1)

    def stop(self):
        """{"max": {series: max seen}, "wait": {kind: [p50, p99]}, "busy_reconcile_threads_max",
        "reconcile_threads_configured", "queue_why" when nothing is exported}."""
        self.done.set()
        self.thread.join(35)
        self._sample_metrics()
        out = {"max": self.max, "busy_reconcile_threads_max": self.busy, "reconcile_threads_configured": configured_reconcile_threads(),
               "wait": {}}
        kinds = sorted({key.split("kind=")[1].rstrip("}") for key in self.max})
        for kind in kinds:
            try:
                out["wait"][kind] = list(self.op.reconcile_quantiles(kind, "missioncontrol_reconcile_queue_wait_seconds"))
            except Exception:
                pass
        if not self.max:
            out["queue_why"] = "not exported: /q/metrics has no missioncontrol_reconcile_queue_depth series"
        return out


# ------------------------------------------------------------------ the runs
def fresh_namespace(ns):
    k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=600s")
    k("create", "namespace", ns)


def writes_until_quiet(mark, namespace, since, quiet, limit=600):
    """Seconds from `since` to the operator's last write in the namespace, once no write came for `quiet` seconds."""
    last_count, last_change = 0, since
    while time.monotonic() - last_change < quiet and time.monotonic() - since < limit:
        time.sleep(1)
        c = len(audit_since(mark, namespace, writes_only=True))
        if c != last_count:
            last_count, last_change = c, time.monotonic()
    return round(last_change - since, 1)


def scale_measure(n, idle, ns_op):
    """Part 1 on the operator's side: N cohorts created at once to Ready, requests and writes per cohort, the idle
    window's writes and Events, RSS, heap after GC, CPU, reconcile p50/p99 and JOSDK queue figures. Returns the
    result and the operator, still running with the cohorts at rest."""
    result = {"n": n}
    op, _ = start_operator(f"scale-{n}")
    cpu0 = op.cpu_seconds()
    mark = audit_mark()
    log(f"N={n}: creating {n} FederationCohorts")
    sampler = QueueSampler(op)
    t0, t0_wall = time.monotonic(), time.time()
    k("apply", "--server-side", "-f", "-", stdin=cohorts_yaml(ns_op, n))
    t_ready = wait_until(f"{n} cohorts Ready", lambda: ready_count(ns_op), n, 60 + 3 * n)
    result["queue"] = sampler.stop()
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
    result["reconcile_p50_s"], result["reconcile_p99_s"] = op.reconcile_quantiles("FederationCohort")
    return result, op


def cohorts_at_rest(n, ns_op):
    """For restart or failover without the scale part: N cohorts created and Ready, with an operator running."""
    op, _ = start_operator(f"setup-{n}")
    k("apply", "--server-side", "-f", "-", stdin=cohorts_yaml(ns_op, n))
    wait_until(f"{n} cohorts Ready", lambda: ready_count(ns_op), n, 60 + 3 * n)
    return op


def restart_measure(n, quiet, ns_op, op):
    """Part 2: the operator stopped (SIGTERM) and started again with N cohorts at rest: seconds to ready, to quiet (no
    write for `quiet` s), and the writes the new process issued (goal 0). Returns the result and the new operator."""
    op.stop()
    log(f"N={n}: restart with {n} cohorts at rest")
    mark = audit_mark()
    restarted = time.monotonic()
    op, ready_s = start_operator(f"restart-{n}")
    result = {"restart_ready_s": round(ready_s, 1), "restart_launches": op.launches}
    result["restart_quiet_s"] = writes_until_quiet(mark, ns_op, restarted, quiet)
    restart_writes = audit_since(mark, ns_op, writes_only=True)
    result["restart_writes"] = len(restart_writes)
    result["restart_writes_by_kind"] = by_verb_resource(restart_writes, 1)
    result["restart_rss_mib"] = round(op.rss_mib(), 1)
    log(f"N={n}: restart ready {result['restart_ready_s']} s, quiet {result['restart_quiet_s']} s, {len(restart_writes)} writes")
    return result, op


LEASE_NS = "mission-control-system"


def lease_holder():
    r = k("get", "lease", "mission-control-operator", "-n", LEASE_NS, "-o", "jsonpath={.spec.holderIdentity}", check=False)
    return r.strip() or None


def replica(name):
    """One of two replicas as the chart runs them: leader election on, the Lease in LEASE_NS, identity = name."""
    env = {"MISSIONCONTROL_LEADER_ELECTION_ENABLED": "true", "POD_NAMESPACE": LEASE_NS, "POD_NAME": name}
    return start_operator(name, env=env)[0]


def failover_measure(n, quiet, ns_op):
    """Part 2, second half: two replicas with leader election and N cohorts at rest; the leader SIGKILLed (a crashed
    node). Seconds from the kill to the other holding the Lease, to it having reconciled every cohort once (its own
    missioncontrol_reconciliation_duration_seconds_count), to quiet; and the writes issued after the kill in the
    cohorts' namespace (goal 0; the killed leader writes nothing after its death, so they are the new leader's)."""
    tag = f"{n}-{int(time.time()) % 100000}"
    replicas = {f"bench-{tag}-a": replica(f"bench-{tag}-a"), f"bench-{tag}-b": replica(f"bench-{tag}-b")}
    result = {"failover_launches": {name: op.launches for name, op in replicas.items()}}
    try:
        wait_until("a replica holding the Lease", lambda: 1 if lease_holder() in replicas else 0, 1, 120)
        leader = lease_holder()
        result["failover_lease_duration_s"] = int(k("get", "lease", "mission-control-operator", "-n", LEASE_NS, "-o",
                                                    "jsonpath={.spec.leaseDurationSeconds}") or 0) or None
        follower = next(r for r in replicas if r != leader)
        wait_until("the leader reconciling every cohort", lambda: replicas[leader].reconciled_count("FederationCohort"), n, 60 + 3 * n)
        mark0 = audit_mark()
        writes_until_quiet(mark0, ns_op, time.monotonic(), quiet)
        log(f"N={n}: failover: {leader} leads, {follower} follows; SIGKILL to {leader}")
        mark = audit_mark()
        t0 = time.monotonic()
        replicas[leader].kill()
        t_lease = t_reconciled = None
        while time.monotonic() - t0 < 120 + 3 * n and t_reconciled is None:
            if t_lease is None and lease_holder() == follower:
                t_lease = time.monotonic()
            if t_lease is not None and replicas[follower].reconciled_count("FederationCohort") >= n:
                t_reconciled = time.monotonic()
            time.sleep(0.2)
        result["failover_lease_s"] = round(t_lease - t0, 1) if t_lease else None
        result["failover_reconciled_s"] = round(t_reconciled - t0, 1) if t_reconciled else None
        if t_reconciled is None:
            result["failover_reconciled_s_why"] = "the new leader had not reconciled every cohort within the time allowed"
        result["failover_quiet_s"] = writes_until_quiet(mark, ns_op, t0, quiet)
        writes = audit_since(mark, ns_op, writes_only=True)
        result["failover_writes"] = len(writes)
        result["failover_writes_by_kind"] = by_verb_resource(writes, 1)
        log(f"N={n}: failover: Lease after {result['failover_lease_s']} s, every cohort reconciled after "
            f"{result['failover_reconciled_s']} s, quiet {result['failover_quiet_s']} s, {len(writes)} writes")
    finally:
        for op in replicas.values():
            op.stop()
    return result


def raw_baseline(n, ns_op, ns_raw):
    """The baseline: the very objects the operator made, raw, with kubectl apply --server-side, to Available."""
    log(f"N={n}: baseline: the same objects, raw, with kubectl apply --server-side")
    objs = owned_objects(ns_op)
    doc = json.dumps({"apiVersion": "v1", "kind": "List", "items": objs})
    deployments = sum(1 for o in objs if o["kind"] == "Deployment")
    t0 = time.monotonic()
    k("apply", "--server-side", "-n", ns_raw, "-f", "-", stdin=doc)
    t_applied = time.monotonic()
    t_available = wait_until(f"{deployments} raw Deployments Available", lambda: available_count(ns_raw), deployments, 60 + 3 * n)
    return {"raw_objects": len(objs), "raw_apply_s": round(t_applied - t0, 1), "raw_available_s": round(t_available - t0, 1)}


def cohort_runs(n, idle, quiet, parts):
    """Parts scale, restart and failover at one N, on one set of cohorts."""
    ns_op, ns_raw = f"{NS_PREFIX}-op-{n}", f"{NS_PREFIX}-raw-{n}"
    fresh_namespace(ns_op)
    result, op = {"n": n}, None
    try:
        if "scale" in parts:
            r, op = scale_measure(n, idle, ns_op)
            result.update(r)
        if op is None and parts & {"restart", "failover"}:
            op = cohorts_at_rest(n, ns_op)
        if "restart" in parts:
            r, op = restart_measure(n, quiet, ns_op, op)
            result.update(r)
    finally:
        if op:
            op.stop()
    if "failover" in parts:
        try:
            result.update(failover_measure(n, quiet, ns_op))
        except RuntimeError as e:  # e.g. a replica that would not start on a loaded machine: say so, go on
            log(f"N={n}: failover: not measured: {e}")
            result["failover_why"] = str(e)
    if "scale" in parts:
        fresh_namespace(ns_raw)
        result.update(raw_baseline(n, ns_op, ns_raw))
        result["ready_ratio"] = round(result["operator_ready_s"] / max(result["raw_available_s"], 0.1), 2)
        if result["operator_write_phase_s"] > 0:
            result["write_phase_ratio"] = round(result["operator_write_phase_s"] / max(result["raw_apply_s"], 0.1), 2)
        k("delete", "namespace", ns_raw, "--wait=false")
    k("delete", "namespace", ns_op, "--wait=false")
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


def cohort_yaml(namespace, name, tenants, replicas, steps=(), interval_s=None, failure_limit=None, address=None):
    """One FederationCohort with one index; with steps (tenants, pause seconds), a rollout analysing every interval_s
    against the Prometheus at address (parts 3, 4 and 5)."""
    doc = f"""apiVersion: missioncontrol.dev/v1alpha1
kind: FederationCohort
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  tenants: [{", ".join(tenants)}]
  search:
    image: registry.example.com/federation-gateway:1.4.2
    replicas: {replicas}
    indexes:
      - {{name: products, endpoint: "https://products-index.search.svc.cluster.local:9200", license: {{spdx: LicenseRef-first-party}}}}
"""
    if steps:
        step_text = ", ".join(f"{{tenants: {n}, pause: {p}s}}" for n, p in steps)
        doc += f"""  rollout:
    steps: [{step_text}]
    analysis: {{interval: {interval_s}s, window: 30s, failureLimit: {failure_limit}, prometheus: {{address: "{address}"}}}}
"""
    return doc


def bad_cohorts_yaml(namespace, k_, address):
    return "---\n".join(cohort_yaml(namespace, f"bad-{i:03d}", [f"bad-{i:03d}-a", f"bad-{i:03d}-b"], 1, [(1, 5)], 5, 3, address)
                        for i in range(k_))


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


# ------------------------------------------------------------------ plots (SVG, by hand)
def nice_ceiling(v):
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above v (an axis top with round ticks)."""
    import math
    e = 10 ** math.floor(math.log10(v)) if v > 0 else 1
    return next(m * e for m in (1, 2, 2.5, 5, 10) if m * e >= v)


def svg_chart(title, xlabel, ylabel, series, width=640, height=340):
    """A line chart as SVG text: series is {label: [(x, y), ...]}; points with y None are left out."""
    pts = [(x, y) for s in series.values() for x, y in s if y is not None]
    if not pts:
        return None
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    l, r, t, b = 60, 190, 30, 45
    xmax, ymax = max(x for x, _ in pts) or 1, nice_ceiling(max(y for _, y in pts) or 1)
    xmin = min(0, min(x for x, _ in pts))  # from 0: one N alone stands where it belongs, not on the axis
    xspan = (xmax - xmin) or 1

    def sx(x):
        return l + (x - xmin) / xspan * (width - l - r)

    def sy(y):
        return height - b - y / ymax * (height - t - b)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{l}" y1="{height - b}" x2="{width - r}" y2="{height - b}" stroke="black"/>',
           f'<line x1="{l}" y1="{t}" x2="{l}" y2="{height - b}" stroke="black"/>',
           f'<text x="{(l + width - r) / 2}" y="{height - 8}" text-anchor="middle">{xlabel}</text>',
           f'<text x="14" y="{(t + height - b) / 2}" text-anchor="middle" transform="rotate(-90 14 {(t + height - b) / 2})">{ylabel}</text>']
    for i in range(5):
        y = ymax * i / 4
        out.append(f'<text x="{l - 5}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.3g}</text>')
        out.append(f'<line x1="{l}" y1="{sy(y):.1f}" x2="{width - r}" y2="{sy(y):.1f}" stroke="#ddd"/>')
    for x in sorted({x for x, _ in pts} | {xmin}):
        out.append(f'<text x="{sx(x):.1f}" y="{height - b + 15}" text-anchor="middle">{x:g}</text>')
    for i, (label, s) in enumerate(series.items()):
        c = colors[i % len(colors)]
        s = [(x, y) for x, y in s if y is not None]
        if not s:
            continue
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                   + " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s) + '"/>')
        out += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{c}"/>' for x, y in s]
        out.append(f'<rect x="{width - r + 10}" y="{t + 18 * i}" width="12" height="3" fill="{c}"/>')
        out.append(f'<text x="{width - r + 26}" y="{t + 18 * i + 5}">{label}</text>')
    return "\n".join(out + ["</svg>"]) + "\n"


def write_plots(out_base, results, analysis):
    """time-vs-N, memory-vs-N and analysis-lag-vs-M next to the report; returns {name: file name} of those drawn."""
    plots = {}
    scale = [r for r in results if "operator_ready_s" in r]
    specs = {
        "time": ("Time to goal vs N", "N cohorts", "seconds",
                 {"operator Ready": [(r["n"], r["operator_ready_s"]) for r in scale],
                  "raw Available": [(r["n"], r["raw_available_s"]) for r in scale],
                  "operator write phase": [(r["n"], r["operator_write_phase_s"] if r["operator_write_phase_s"] > 0 else None) for r in scale],
                  "kubectl apply": [(r["n"], r["raw_apply_s"]) for r in scale]}),
        "memory": ("Operator memory vs N", "N cohorts", "MiB",
                   {"RSS": [(r["n"], r["rss_mib"]) for r in scale],
                    "heap after GC": [(r["n"], r["heap_live_after_gc_mib"]) for r in scale]}),
        "analysis-lag": ("Analysis lag vs M", "M analysing cohorts", "seconds",
                         {"lag p50": [(a["m"], a.get("lag_p50_s")) for a in analysis or []],
                          "lag p99": [(a["m"], a.get("lag_p99_s")) for a in analysis or []],
                          "interval": [(a["m"], a.get("interval_s")) for a in analysis or []]}),
    }
    for name, (title, xl, yl, series) in specs.items():
        svg = svg_chart(title, xl, yl, series)
        if svg:
            path = f"{out_base}-{name}.svg"
            with open(path, "w") as f:
                f.write(svg)
            plots[name] = os.path.basename(path)
    return plots


# ------------------------------------------------------------------ the report
def fmt(v, why=None):
    return f"not measured: {why}" if v is None else v


def met(ok):
    return "met" if ok else "not met"


def targets(results, noisy, analysis, breach, kinds):
    """The issue's targets: (target, figure with its baseline, met / not met / not measured: why)."""
    rows = []
    scale = [r for r in results if "operator_ready_s" in r]
    big = scale[-1] if scale else None
    if big:
        wp = big.get("write_phase_ratio")
        rows.append(("write phase <= 1.3x kubectl apply, largest N", f"N={big['n']}: {big['operator_write_phase_s']} s vs {big['raw_apply_s']} s ({wp}x)",
                     met(wp <= 1.3) if wp is not None else "not measured: no write phase in the audit log"))
        rows.append(("Ready <= 1.1x raw Available", f"N={big['n']}: {big['operator_ready_s']} s vs {big['raw_available_s']} s ({big['ready_ratio']}x)",
                     met(big["ready_ratio"] <= 1.1)))
        thousand = [r for r in scale if r["n"] >= 1000]
        rows.append(("RSS < 400 MiB at 1,000 cohorts", f"{thousand[0]['rss_mib']} MiB" if thousand else "-",
                     met(thousand[0]["rss_mib"] < 400) if thousand else f"not measured: largest N was {big['n']}"))
    else:
        for t in ("write phase <= 1.3x kubectl apply, largest N", "Ready <= 1.1x raw Available", "RSS < 400 MiB at 1,000 cohorts"):
            rows.append((t, "-", "not measured: part scale not run"))
    idle = [(f"N={r['n']}", r["idle_writes"], r["idle_events"]) for r in scale]
    idle += [(name, v["idle_writes"], v["idle_events"]) for name, v in (kinds or {}).items() if "idle_writes" in v]
    rows.append(("0 idle writes and Events", "; ".join(f"{n}: {w} writes, {e} Events" for n, w, e in idle) or "-",
                 met(all(w == 0 and e == 0 for _, w, e in idle)) if idle else "not measured: neither part scale nor kinds ran"))
    rs = [r for r in results if "restart_writes" in r]
    rows.append(("0 restart writes", "; ".join(f"N={r['n']}: {r['restart_writes']}" for r in rs) or "-",
                 met(all(r["restart_writes"] == 0 for r in rs)) if rs else "not measured: part restart not run"))
    fs = [r for r in results if "failover_writes" in r]
    fwhy = "; ".join(f"N={r['n']}: {r['failover_why']}" for r in results if "failover_why" in r) or "part failover not run"
    rows.append(("0 failover writes", "; ".join(f"N={r['n']}: {r['failover_writes']}" for r in fs) or "-",
                 met(all(r["failover_writes"] == 0 for r in fs)) if fs else f"not measured: {fwhy}"))
    if analysis:
        worst = max(analysis, key=lambda a: a["m"])
        ok = worst.get("lag_p99_s") is not None and worst.get("interval_s") is not None
        rows.append(("analysis lag p99 < one interval", f"M={worst['m']}: p99 {fmt(worst.get('lag_p99_s'), worst.get('lag_p99_s_why'))} s vs interval {worst.get('interval_s')} s",
                     met(worst["lag_p99_s"] < worst["interval_s"]) if ok else f"not measured: {worst.get('lag_p99_s_why')}"))
    else:
        rows.append(("analysis lag p99 < one interval", "-", "not measured: part analysis not run or hack/bench_analysis.py missing"))
    runs = [x for x in (breach or {}).get("runs") or [] if x is not None]
    if runs:
        rows.append(("breach to fallback <= bound + 2 s", f"runs {breach['runs']} s vs target {breach.get('target_s')} s "
                     f"(bound {breach.get('bound_s')} s)",
                     met(max(runs) <= breach["target_s"] and len(runs) == len(breach["runs"])) if breach.get("target_s") is not None
                     else f"not measured: {breach.get('target_s_why', 'no target')}"))
    else:
        rows.append(("breach to fallback <= bound + 2 s", "-", "not measured: part breach not run, hack/bench_analysis.py missing, or no run finished"))
    if noisy:
        on = [r for r in noisy if r["hold"] != "0s"] or noisy
        rows.append(("noisy-neighbour p50 ratio ~1", "; ".join(f"hold {r['hold']}: {r['p50_ratio']}" for r in noisy),
                     met(all(r["p50_ratio"] <= 1.5 for r in on)) + " (read as ~1: <= 1.5 with the default hold)"))
    else:
        rows.append(("noisy-neighbour p50 ratio ~1", "-", "not measured: part noisy not run (or BENCH_NOISY_K=0)"))
    return rows


def queue_lines(parts_queue):
    """Reconcile threads, JOSDK's queue depth and wait per part, or why not."""
    lines = ["## Reconcile threads, queue depth and queue wait", ""]
    for part, q in parts_queue:
        busy = q.get("busy_reconcile_threads_max")
        if q.get("max"):
            depth = ", ".join(f"{key} max {v:g}" for key, v in sorted(q["max"].items()))
        else:
            depth = q.get("queue_why")
        waits = "; ".join(f"{kind} p50 {w[0]} s, p99 {w[1]} s" for kind, w in sorted((q.get("wait") or {}).items()) if w[0] is not None)
        lines.append(f"- {part}: reconcile threads {q.get('reconcile_threads_configured')} configured "
                     "(quarkus.operator-sdk.concurrent-reconciliation-threads), at most "
                     f"{busy if busy is not None else 'not measured: no thread dump'} seen busy at once (thread dumps every 2 s); "
                     f"sampled each second: {depth}; queue wait (missioncontrol_reconcile_queue_wait_seconds, bucket bounds): "
                     f"{waits or 'not measured: no wait recorded'}")
    if not parts_queue:
        lines.append("- not measured: no part with a burst was run")
    return lines


def report(meta, results, noisy=None, analysis=None, breach=None, kinds=None, analysis_lines=None, plots=None, parts=()):
    lines = [f"# Benchmark: {meta['date']}", "",
             f"Machine: {meta['machine']}. Load (1 min) {meta['load_start']} at start, {meta['load_end']} at the end. "
             f"Operator JVM as the chart runs it: {' '.join(meta['jvm'])}, "
             + ", ".join(f"{key}={v}" for key, v in meta["env"].items()) + ".", "",
             f"Measured by `make bench` (hack/bench.py), parts {', '.join(sorted(parts))}; each operator figure beside its "
             f"baseline from the same run. Idle window {meta['idle_s']} s, quiet = no write for {meta['quiet_s']} s. "
             f"Gateway replicas per cohort: {meta.get('replicas', 2)} (BENCH_REPLICAS; 0 measures the operator's own work without "
             "kube-controller-manager's pace of creating pods).", ""]
    if plots:
        lines += [" ".join(f"![{name}]({f})" for name, f in plots.items()), ""]
    lines += ["## Targets of issue 12", "", "| target | figure (with its baseline) | |", "|---|---|---|"]
    lines += [f"| {t} | {fig} | {v} |" for t, fig, v in targets(results, noisy, analysis, breach, kinds)]
    scale = [r for r in results if "operator_ready_s" in r]
    if scale:
        lines += ["", "## Part 1: FederationCohorts at scale", "",
                  "| N | Ready (operator) s | Available (raw apply) s | ratio | write phase s | kubectl apply s | ratio | writes/cohort "
                  "| idle writes | idle Events | RSS MiB | heap after GC MiB | CPU s/100 | reconcile p50/p99 s |", "|" + "---|" * 14]
        for r in scale:
            lines.append(f"| {r['n']} | {r['operator_ready_s']} | {r['raw_available_s']} | {r['ready_ratio']} | {r['operator_write_phase_s']} "
                         f"| {r['raw_apply_s']} | {r.get('write_phase_ratio', '-')} | {r['writes_per_cohort']} | {r['idle_writes']} "
                         f"| {r['idle_events']} | {r['rss_mib']} | {r['heap_live_after_gc_mib']} | {r['cpu_seconds_per_100']} "
                         f"| {r['reconcile_p50_s']}/{r['reconcile_p99_s']} |")
        lines += ["", "Requests per cohort (verb resource: count), largest N:", ""]
        lines += [f"- {key}: {v}" for key, v in scale[-1]["requests_per_cohort"].items()]
    else:
        lines += ["", "Part 1 (scale): not measured: not selected in BENCH_PARTS"]
    rs, fs = [r for r in results if "restart_writes" in r], [r for r in results if "failover_writes" in r]
    lines += ["", "## Part 2: restart and leader failover with N cohorts at rest", ""]
    if rs:
        lines += ["Restart (SIGTERM, start again), baseline: the goal of 0 writes.", "",
                  "| N | ready s | quiet s | writes | writes by verb and resource |", "|---|---|---|---|---|"]
        lines += [f"| {r['n']} | {r['restart_ready_s']} | {r['restart_quiet_s']} | {r['restart_writes']} | {r['restart_writes_by_kind'] or '-'} |" for r in rs]
    else:
        lines.append("Restart: not measured: not selected in BENCH_PARTS")
    lines.append("")
    if fs:
        lines += [f"Leader failover: two replicas with leader election (the Lease's duration {fs[0].get('failover_lease_duration_s')} s: "
                  "the other replica may take it only once it expired), the leader SIGKILLed. Seconds from the kill; writes "
                  "issued after it in the cohorts' namespace (baseline: the goal of 0). Launches: a replica that exits at "
                  "startup on a loaded machine is launched again, as a kubelet would.", "",
                  "| N | Lease taken s | every cohort reconciled s | quiet s | writes | writes by verb and resource | launches |", "|---|---|---|---|---|---|---|"]
        lines += [f"| {r['n']} | {fmt(r['failover_lease_s'], 'Lease not taken')} | {fmt(r['failover_reconciled_s'], r.get('failover_reconciled_s_why'))} "
                  f"| {r['failover_quiet_s']} | {r['failover_writes']} | {r['failover_writes_by_kind'] or '-'} | {r.get('failover_launches')} |" for r in fs]
    lines += [f"Leader failover at N={r['n']}: not measured: {r['failover_why']}" for r in results if "failover_why" in r]
    if not fs and not any("failover_why" in r for r in results):
        lines.append("Leader failover: not measured: not selected in BENCH_PARTS")
    lines += ["", "## Parts 3 and 4: analysis cadence and breach to fallback", ""]
    lines += analysis_lines or ["Not measured: not selected in BENCH_PARTS"]
    lines += [""]
    if noisy:
        lines += ["## Part 5: noisy neighbours", "",
                  f"{noisy[0]['k']} cohorts analysing every 5 s against a Prometheus that never answers; "
                  f"{noisy[0]['m']} unrelated cohorts in another namespace, created one at a time: seconds to their first "
                  "reconciliation, before the bad cohorts exist (baseline) and with them; with the operator's hold on "
                  "unreachable addresses off (0s: every query waits for its 10 s timeout) and on (the default):", "",
                  "| unreachable-hold | baseline p50 s | baseline max s | with bad cohorts p50 s | max s | p50 ratio | requests/min at the dead address |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {r['hold']} | {r['baseline_p50_s']} | {r['baseline_max_s']} | {r['noisy_p50_s']} | {r['noisy_max_s']} "
                  f"| {r['p50_ratio']} | {r['dead_address_requests_per_min']} |" for r in noisy]
    else:
        lines += ["## Part 5: noisy neighbours", "", "Not measured: not selected in BENCH_PARTS (or BENCH_NOISY_K=0)"]
    lines.append("")
    if kinds is not None:
        import bench_kinds
        lines += bench_kinds.report_lines(kinds)
    else:
        lines += ["## Part 6: the other kinds", "", "Not measured: not selected in BENCH_PARTS"]
    lines.append("")
    pq = [(f"scale N={r['n']}", r["queue"]) for r in scale if r.get("queue")]
    pq += [(f"kinds {name}", v["queue"]) for name, v in (kinds or {}).items() if v.get("queue")]
    lines += queue_lines(pq)
    return "\n".join(lines) + "\n"


PARTS = ("scale", "restart", "failover", "noisy", "analysis", "breach", "kinds")


def selected_parts():
    raw = os.environ.get("BENCH_PARTS", "").replace(" ", ",")
    parts = {p for p in raw.split(",") if p} or set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(f"BENCH_PARTS: unknown part(s) {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    return parts


def analysis_parts(parts):
    """Parts 3 and 4 from hack/bench_analysis.py (imported only when selected): (analysis, breach, report lines)."""
    if not parts & {"analysis", "breach"}:
        return None, None, None
    try:
        import bench_analysis
    except ModuleNotFoundError as e:
        if e.name != "bench_analysis":
            raise
        log("parts 3 and 4: hack/bench_analysis.py missing")
        return None, None, ["parts 3 and 4: not measured: hack/bench_analysis.py missing"]
    analysis = breach = None
    if "analysis" in parts:
        sizes = [int(x) for x in os.environ.get("BENCH_ANALYSIS_M", "50").replace(",", " ").split()]
        analysis = bench_analysis.analysis_runs(sizes)
    if "breach" in parts:
        breach = bench_analysis.breach_runs(int(os.environ.get("BENCH_BREACH_RUNS", "3")))
    return analysis, breach, bench_analysis.report_lines(analysis, breach)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.machine())
    return (f"{cpu}, {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
            f"{platform.system()} {platform.release()}")


def copy_report(out_base, plots, report_dir):
    """BENCH_REPORT_DIR: the report and its SVGs copied there as well (links are relative, so they still resolve)."""
    import shutil
    os.makedirs(report_dir, exist_ok=True)
    for f in [out_base + ".md", out_base + ".json"] + [os.path.join(os.path.dirname(out_base), p) for p in plots.values()]:
        shutil.copy(f, report_dir)
    log(f"report copied to {report_dir}")


def main():
    sys.modules.setdefault("bench", sys.modules[__name__])  # bench_analysis and bench_kinds import from `bench`
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    parts = selected_parts()
    ns = [int(x) for x in os.environ.get("BENCH_N", "100").replace(",", " ").split()]
    idle = int(os.environ.get("BENCH_IDLE", "120"))
    quiet = int(os.environ.get("BENCH_QUIET", "10"))
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"), "machine": machine(),
            "load_start": round(os.getloadavg()[0], 2), "parts": sorted(parts),
            "idle_s": idle, "quiet_s": quiet, "jvm": CHART_JVM, "env": CHART_ENV, "replicas": REPLICAS}
    log(f"parts: {', '.join(sorted(parts))}")
    cohort_parts = parts & {"scale", "restart", "failover"}
    results = [cohort_runs(n, idle, quiet, cohort_parts) for n in ns] if cohort_parts else []
    noisy_k = int(os.environ.get("BENCH_NOISY_K", "6"))
    noisy_m = int(os.environ.get("BENCH_NOISY_M", "10"))
    noisy = [noisy_run(noisy_k, noisy_m, hold) for hold in ("0s", "5s")] if "noisy" in parts and noisy_k > 0 else None
    analysis, breach, analysis_lines = analysis_parts(parts)
    kinds = None
    if "kinds" in parts:
        import bench_kinds
        kinds = bench_kinds.kinds_runs()
    meta["load_end"] = round(os.getloadavg()[0], 2)
    out = os.environ.get("BENCH_OUT") or os.path.join("bench-results", meta["date"].replace(":", "") + ".json")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    out_base = os.path.splitext(out)[0]
    with open(out, "w") as f:
        json.dump({"meta": meta, "results": results, "noisy": noisy, "analysis": analysis, "breach": breach, "kinds": kinds}, f, indent=2)
    plots = write_plots(out_base, results, analysis)
    text = report(meta, results, noisy, analysis, breach, kinds, analysis_lines, plots, parts)
    with open(out_base + ".md", "w") as f:
        f.write(text)
    print(text)
    log(f"results: {out} and {out_base}.md")
    if os.environ.get("BENCH_REPORT_DIR"):
        copy_report(out_base, plots, os.environ["BENCH_REPORT_DIR"])


if __name__ == "__main__":
    main()
