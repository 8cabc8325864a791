#!/usr/bin/env python3
"""`make bench` parts 3 and 4 (issue 12): analysis at scale, and breach to fallback, each against its baseline.

Both parts run the operator as the chart runs it (bench.start_operator), a real Prometheus (Debian's `prometheus`,
started here on loopback with a scrape config written here, scrape interval 5 s) and the bundled gateway-metrics
exporter (hack/search-metrics-exporter.py) whose profile file gives every tenant its behaviour. Cohorts are watched
(one watch per namespace, `kubectl get --raw ...?watch=true`), never polled one by one. The gateways run 0 replicas:
their pods take no part in an analysis, and the cluster's size then does not depend on M.

Part 3, analysis at scale (`analysis_runs`), for each M in BENCH_ANALYSIS_M (default "50"):
  M FederationCohorts of 3 healthy tenants, created at once, each with steps [1 tenant, pause 5 s], [2 tenants,
  pause 5 s] and the implied last step (3 tenants), analysis every 10 s over a 30 s window, failureLimit 3.
  - analysis lag: for every analysis (a new status.lastAnalysisTime seen by the watch), the time it happened minus
    the time it was due, both from the operator's own status: due = max(lastAnalysisTime, stepStartedAt) + interval
    of the status before it (RolloutPlanner.progress), happened = the new lastAnalysisTime (the planner's clock in the
    reconciliation that judged the gates; with queries off the reconcile threads, the one after their answers landed).
    p50/p99 over all analyses, against the interval (the issue's target: p99 under one interval). Beside it: the same
    lag as seen from outside (the watch receiving the status, so it includes the status write), the step advance lag
    (stepPassedAt + pause to the next step's stepStartedAt), the lag per step in the JSON ("lag_by_step": the first
    step's analyses follow the creation burst) with every lag ("lags_s"), and, if the operator exports them, the
    p50/p99 (upper bucket bounds) of its histograms missioncontrol_analysis_lag_seconds and
    missioncontrol_reconcile_queue_wait_seconds{kind="FederationCohort"}.
  - Prometheus queries per second during the run (prometheus_http_requests_total{handler="/api/v1/query"} from
    Prometheus's own /metrics, read every 2 s from the first create until the last cohort is Promoted): the mean over
    the run and the highest over one interval, against what the cadence asks for while every cohort analyses
    (M x 3 gates / interval; pauses ask for less); per cohort per interval, and per analysis against the 3 gates.
  - time to Promoted per cohort (from the create request to the watch seeing phase Promoted; and inside the status,
    RolloutStarted to Promoted from status.history) p50 ("promoted_s", "promoted_p50_s") and max, against the minimum
    the steps and pauses allow (the sum over the steps of interval + pause: 40 s here).

Part 4, breach to fallback (`breach_runs`), BENCH_BREACH_RUNS times (default 3), one cohort per run:
  a cohort of 20 healthy tenants, steps of 1, 2, ... 19 tenants without pauses (so it analyses every 5 s for about
  100 s), analysis interval 5 s, window 30 s, failureLimit 3. After its second passing analysis the exporter profile
  gives its tenants a latency of 3 s. Measured: from the breach being visible in Prometheus (this script runs the
  latency gate's query, copied from status.gates, every 0.2 s until it exceeds the gate's threshold) to the watch
  seeing the cohort's FallbackActive=True (a run that could not be measured is None in "runs", its reason in
  "details" and "runs_why"); against the bound failureLimit x interval + scrape interval and the
  issue's target, the bound + 2 s. Also recorded: the profile change to the breach being visible, and when each
  failed analysis happened (status.lastAnalysisTime with failedChecks > 0) after the breach was visible.

Environment: as hack/bench.py (set by hack/bench.sh), plus BENCH_ANALYSIS_M, BENCH_BREACH_RUNS, BENCH_PARTS (with
`BENCH_SCRIPT=bench_analysis.py`: which of analysis, breach to run; default both), BENCH_OUT.
A figure that could not be measured is None, with a "<key>_why" string saying why.
"""
import datetime
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import KUBECTL, cohort_yaml, k, kjson, log, quantile, start_operator, wait_until  # noqa: E402

HACK_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("BENCH_WORK", "/tmp")
SCRAPE_INTERVAL_S = 5
GATES = 3  # latency, complaints, ctrUplift: one instant query each per analysis
HEALTHY = {"latency": 0.3, "complaintRate": 0.005, "ctr": 0.25}
BREACH_LATENCY_S = 3.0

# Part 3's cohorts
ANALYSIS_INTERVAL_S = 10
ANALYSIS_TENANTS = 3
ANALYSIS_STEPS = [(1, 5), (2, 5)]  # (tenants, pause s); the implied last step enables all tenants, pause 0
# Part 4's cohort
BREACH_INTERVAL_S = 5
BREACH_FAILURE_LIMIT = 3
BREACH_TENANTS = 20
BREACH_AFTER_PASSES = 2


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def parse_time(text):
    """An RFC 3339 instant as the operator writes it (Instant.toString: up to 9 fraction digits) in epoch seconds."""
    if not text:
        return None
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$", text)
    if not m:
        return None
    whole = datetime.datetime.fromisoformat(m.group(1)).replace(tzinfo=datetime.timezone.utc).timestamp()
    return whole + (float("0." + m.group(2)) if m.group(2) else 0.0)


def parse_duration(text):
    """A spec duration (5s, 1m, 1h30m) in seconds."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text or "0s"))


def rounded(x, digits=2):
    return None if x is None else round(x, digits)


# ------------------------------------------------------------------ Prometheus and the exporter
class MetricsStack:
    """hack/search-metrics-exporter.py with a profile file of ours, and a Prometheus scraping it every 5 s, both on
    loopback; each under BENCH_WORK/bench-<tag>-*. Stopped by stop() (SIGTERM, then SIGKILL after 20 s)."""

    def __init__(self, tag, tenants):
        self.dir = os.path.join(WORK, f"bench-{tag}-prometheus")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.profile_path = os.path.join(self.dir, "profile.json")
        self.profile = {"rps": 20, "baselineCtr": 0.20, "baselineLatency": 0.3,
                        "tenants": {t: dict(HEALTHY) for t in tenants}}
        self.write_profile()
        self.exporter_port, self.port = free_port(), free_port()
        self.procs = []
        self.procs.append(subprocess.Popen(
            [sys.executable, os.path.join(HACK_DIR, "search-metrics-exporter.py"), "--port", str(self.exporter_port),
             "--profile", self.profile_path], stdout=open(os.path.join(self.dir, "exporter.log"), "w"), stderr=subprocess.STDOUT))
        with open(os.path.join(self.dir, "prometheus.yml"), "w") as f:
            f.write(f"global:\n  scrape_interval: {SCRAPE_INTERVAL_S}s\n  evaluation_interval: {SCRAPE_INTERVAL_S}s\n"
                    f"scrape_configs:\n  - job_name: search-gateway\n"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{self.exporter_port}']\n")
        self.procs.append(subprocess.Popen(
            ["prometheus", f"--config.file={self.dir}/prometheus.yml", f"--storage.tsdb.path={self.dir}/data",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=open(os.path.join(self.dir, "prometheus.log"), "w"), stderr=subprocess.STDOUT))
        self.address = f"http://127.0.0.1:{self.port}"

    def write_profile(self):
        tmp = self.profile_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.profile, f)
        os.replace(tmp, self.profile_path)  # the exporter re-reads it on every scrape: never a half-written file

    def set_latency(self, tenants, latency):
        for t in tenants:
            self.profile["tenants"][t]["latency"] = latency
        self.write_profile()

    def query(self, promql):
        """The value of an instant query returning one series, or None (no data, NaN, error)."""
        url = f"{self.address}/api/v1/query?query={urllib.parse.quote(promql)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                result = json.load(r)["data"]["result"]
        except Exception:
            return None
        if len(result) != 1:
            return None
        v = float(result[0]["value"][1])
        return None if v != v else v

    def queries_served(self):
        """prometheus_http_requests_total for /api/v1/query (every status code), from Prometheus's own /metrics."""
        with urllib.request.urlopen(f"{self.address}/metrics", timeout=10) as r:
            text = r.read().decode()
        return sum(float(v) for v in re.findall(
            r'^prometheus_http_requests_total\{[^}]*handler="/api/v1/query"[^}]*\} ([0-9.eE+]+)', text, re.M))

    def wait_ready(self, tenants):
        """Ready once every tenant's series is scraped and rate() over them has two samples (a gate would have data)."""
        wait_until("Prometheus ready", lambda: self._ok("/-/ready"), 1, 120)
        want = 2 * len(tenants)
        wait_until("the exporter's series in Prometheus",
                   lambda: self.query("count(federated_search_requests_total)") or 0, want, 180)
        probe = f'sum(rate(federated_search_requests_total{{tenant="{tenants[0]}",mode="federated"}}[30s]))'
        wait_until("two scrapes of the exporter", lambda: 1 if self.query(probe) else 0, 1, 120)

    def _ok(self, path):
        try:
            with urllib.request.urlopen(self.address + path, timeout=2) as r:
                return 1 if r.status == 200 else 0
        except Exception:
            return 0

    def stop(self):
        """Stops both (keeping their logs and the profile; the TSDB goes)."""
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(os.path.join(self.dir, "data"), ignore_errors=True)


# ------------------------------------------------------------------ the watch
class CohortWatch:
    """One watch on a namespace's FederationCohorts (`kubectl get --raw` of the API's watch, one event a line). For
    each cohort it keeps the last status and derives, as each new status arrives (received at time.time()):
      analyses: (lag, visible lag) per new lastAnalysisTime, due = max(lastAnalysisTime, stepStartedAt) + interval
                of the status before it (an analysis is due only while stepPassedAt is unset);
      advances: stepStartedAt of a new step minus (stepPassedAt + the passed step's pause) of the status before;
      first_seen: the first time a condition or phase was seen (("phase", "Promoted"), ("FallbackActive", "True"))."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.lock = threading.Lock()
        self.status = {}
        self.specs = {}
        self.analyses = []
        self.history = {}
        self.unattributed = 0
        self.advances = []
        self.first_seen = {}
        self.proc = subprocess.Popen(
            [KUBECTL, "get", "--raw",
             f"/apis/missioncontrol.dev/v1alpha1/namespaces/{namespace}/federationcohorts?watch=true"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            received = time.time()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            obj = event.get("object") or {}
            if event.get("type") not in ("ADDED", "MODIFIED") or obj.get("kind") != "FederationCohort":
                continue
            with self.lock:
                self._observe(obj["metadata"]["name"], obj.get("spec") or {}, obj.get("status") or {}, received)

    def _observe(self, name, spec, status, received):
        prev = self.status.get(name)
        self.status[name] = status
        self.specs[name] = spec
        seen = [("phase", status.get("phase"))] + [(c["type"], c["status"]) for c in status.get("conditions", [])]
        for key in seen:
            self.first_seen.setdefault((name, *key), received)
        if prev is None:
            return
        analysis = spec.get("rollout", {}).get("analysis", {})
        interval = parse_duration(analysis.get("interval", "1m"))
        at = parse_time(status.get("lastAnalysisTime"))
        if at is not None and status.get("lastAnalysisTime") != prev.get("lastAnalysisTime"):
            self.history.setdefault(name, []).append((at, status.get("failedChecks") or 0))
            if prev.get("stepPassedAt") is None and prev.get("phase") in ("Progressing", None):
                base = [t for t in (parse_time(prev.get("lastAnalysisTime")), parse_time(prev.get("stepStartedAt"))) if t]
                if base:
                    due = max(base) + interval
                    self.analyses.append((name, at - due, received - due, prev.get("currentStep") or 0))
                else:
                    self.unattributed += 1
            else:
                self.unattributed += 1
        started = parse_time(status.get("stepStartedAt"))
        passed = parse_time(prev.get("stepPassedAt"))
        if started is not None and passed is not None and status.get("stepStartedAt") != prev.get("stepStartedAt"):
            step = prev.get("currentStep") or 0
            pause = step_pauses(spec)[step] if step < len(step_pauses(spec)) else 0
            self.advances.append((name, started - (passed + pause)))

    def failures(self, name):
        """Times (operator clock, epoch s) of the cohort's analyses that counted a failure (failedChecks > 0)."""
        with self.lock:
            return [at for at, failed in self.history.get(name, []) if failed > 0]

    def count(self, key):
        """How many cohorts have shown key (("phase", "Promoted"), ("FallbackActive", "True"), ...)."""
        with self.lock:
            return sum(1 for k_ in self.first_seen if k_[1:] == key)

    def seen_at(self, name, *key):
        with self.lock:
            return self.first_seen.get((name, *key))

    def get(self, name):
        with self.lock:
            return self.status.get(name)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def rollout_steps(spec):
    """(tenants, pause s) of each step as the operator runs them (RolloutSteps.of): counts capped at the cohort's size,
    repeats dropped, and a last step enabling every tenant (pause 0) when the declared ones stop short."""
    total = len(spec.get("tenants", []))
    steps = []
    for s in spec.get("rollout", {}).get("steps") or []:
        count = min(s["tenants"], total)
        if steps and steps[-1][0] >= count:
            continue
        steps.append((count, parse_duration(s.get("pause", "0s"))))
    if not steps or steps[-1][0] < total:
        steps.append((total, 0.0))
    return steps


def step_pauses(spec):
    return [p for _, p in rollout_steps(spec)]


def minimum_to_promoted(spec):
    """The least time from the rollout's start to Promoted the steps and pauses allow: each step waits one interval for
    its analysis, then its pause (RolloutPlanner.progress)."""
    interval = parse_duration(spec["rollout"]["analysis"]["interval"])
    return sum(interval + pause for _, pause in rollout_steps(spec))


# ------------------------------------------------------------------ the operator's own histogram
def histogram_quantiles(metrics_text, name, label=""):
    """p50 and p99 (upper bucket bounds) of a histogram on /q/metrics summed over its labels (only the series carrying
    `label`, e.g. 'kind="FederationCohort"', if given), or (None, None) if absent."""
    buckets = {}
    for labels, le, v in re.findall(r"^" + name + r'_bucket\{([^}]*le="([^"]+)"[^}]*)\} ([0-9.eE+]+)', metrics_text, re.M):
        if label not in labels:
            continue
        key = float("inf") if le == "+Inf" else float(le)
        buckets[key] = buckets.get(key, 0.0) + float(v)
    if not buckets or max(buckets.values()) == 0:
        return None, None
    ordered = sorted(buckets.items())
    total = ordered[-1][1]

    def q(p):
        return next((le for le, v in ordered if v >= p * total), None)
    return q(0.5), q(0.99)


# ------------------------------------------------------------------ part 3: analysis at scale
def analysis_tenants(i):
    return [f"t{i:04d}-{x}" for x in "abcdefghij"[:ANALYSIS_TENANTS]]


def analysing_cohort(namespace, name, tenants, steps, interval_s, failure_limit, address):
    return cohort_yaml(namespace, name, tenants, 0, steps, interval_s, failure_limit, address)


def fresh_namespace(ns):
    k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=600s")
    k("create", "namespace", ns)


def analysis_run(m):
    """M analysing cohorts created at once; see the module docstring for what is measured."""
    ns = f"bench-analysis-{m}"
    fresh_namespace(ns)
    tenants = [t for i in range(m) for t in analysis_tenants(i)]
    stack = MetricsStack(f"analysis-{m}", tenants)
    op = watch = None
    result = {"m": m, "interval_s": ANALYSIS_INTERVAL_S, "tenants_per_cohort": ANALYSIS_TENANTS,
              "steps": [list(s) for s in ANALYSIS_STEPS], "scrape_interval_s": SCRAPE_INTERVAL_S}
    try:
        log(f"analysis M={m}: Prometheus on {stack.address} scraping {len(tenants)} healthy tenants")
        stack.wait_ready(tenants)
        op, _ = start_operator(f"analysis-{m}")
        watch = CohortWatch(ns)
        docs = [analysing_cohort(ns, f"a-{i:04d}", analysis_tenants(i), ANALYSIS_STEPS, ANALYSIS_INTERVAL_S, 3, stack.address)
                for i in range(m)]
        q0, cpu0 = stack.queries_served(), op.cpu_seconds()
        t0 = time.time()
        k("apply", "--server-side", "-f", "-", stdin="---\n".join(docs))
        minimum = minimum_to_promoted(kjson("get", "federationcohorts.missioncontrol.dev", "a-0000", "-n", ns)["spec"])
        result["promoted_min_s"] = minimum
        log(f"analysis M={m}: {m} cohorts created; the steps allow Promoted after {minimum} s at the least")
        samples = [(t0, q0)]
        deadline = t0 + 120 + 4 * minimum + m
        while watch.count(("phase", "Promoted")) < m and time.time() < deadline:
            time.sleep(2)
            samples.append((time.time(), stack.queries_served()))
        if watch.count(("phase", "Promoted")) < m:
            result["timed_out"] = f"{watch.count(('phase', 'Promoted'))} of {m} cohorts Promoted after {round(time.time() - t0)} s"
        t1, q1 = samples[-1]
        result["run_s"] = round(t1 - t0, 1)
        result["operator_cpu_s"] = round(op.cpu_seconds() - cpu0, 1)
        result.update(lag_figures(watch, op))
        result.update(query_figures(samples, m, len(watch.analyses)))
        result.update(promoted_figures(watch, m, t0))
        phases = {}
        for name in list(watch.status):
            phase = (watch.get(name) or {}).get("phase")
            phases[str(phase)] = phases.get(str(phase), 0) + 1
        result["phases_at_end"] = phases
    finally:
        for thing in (watch, op, stack):
            if thing:
                thing.stop()
        k("delete", "namespace", ns, "--wait=false", check=False)
    log(f"analysis M={m}: lag p50/p99 {result.get('lag_p50_s')}/{result.get('lag_p99_s')} s (interval {ANALYSIS_INTERVAL_S} s), "
        f"{result.get('queries_per_s')} queries/s, Promoted p50/max {result.get('promoted_p50_s')}/{result.get('promoted_max_s')} s "
        f"(minimum {result.get('promoted_min_s')} s)")
    return result


def lag_figures(watch, op):
    """Analysis lag from the statuses (and as the watch saw it), step advance lag, and the operator's histogram."""
    out = {"analyses": len(watch.analyses), "analyses_unattributed": watch.unattributed}
    lags = [a[1] for a in watch.analyses]
    seen = [a[2] for a in watch.analyses]
    if lags:
        out.update(lag_p50_s=rounded(quantile(lags, 0.5)), lag_p99_s=rounded(quantile(lags, 0.99)), lag_max_s=rounded(max(lags)),
                   visible_lag_p50_s=rounded(quantile(seen, 0.5)), visible_lag_p99_s=rounded(quantile(seen, 0.99)))
    else:
        for key in ("lag_p50_s", "lag_p99_s"):
            out[key], out[key + "_why"] = None, "the watch saw no analysis"
    by_step = {}
    for a in watch.analyses:
        by_step.setdefault(a[3], []).append(a[1])
    out["lag_by_step"] = {str(step + 1): {"analyses": len(v), "p50_s": rounded(quantile(v, 0.5)), "p99_s": rounded(quantile(v, 0.99))}
                          for step, v in sorted(by_step.items())}
    out["lags_s"] = sorted(rounded(x, 3) for x in lags)
    adv = [a[1] for a in watch.advances]
    out["advances"] = len(adv)
    if adv:
        out.update(advance_lag_p50_s=rounded(quantile(adv, 0.5)), advance_lag_p99_s=rounded(quantile(adv, 0.99)))
    try:
        text = op.metrics()
    except Exception as e:
        text, why = "", f"/q/metrics unreadable: {e}"
    else:
        why = "the operator does not export missioncontrol_analysis_lag_seconds"
    p50, p99 = histogram_quantiles(text, "missioncontrol_analysis_lag_seconds")
    out["operator_lag_p50_s"], out["operator_lag_p99_s"] = p50, p99
    if p50 is None:
        out["operator_lag_p50_s_why"] = out["operator_lag_p99_s_why"] = why
    p50, p99 = histogram_quantiles(text, "missioncontrol_reconcile_queue_wait_seconds", 'kind="FederationCohort"')
    out["queue_wait_p50_s"], out["queue_wait_p99_s"] = p50, p99
    if p50 is None:
        out["queue_wait_p50_s_why"] = out["queue_wait_p99_s_why"] = why.replace("missioncontrol_analysis_lag_seconds",
                                                                               "missioncontrol_reconcile_queue_wait_seconds")
    return out


def query_figures(samples, m, analyses):
    """Prometheus's query rate: the mean over the run and the highest over any one interval (from (time, queries
    served) samples every 2 s), against M x 3 gates / interval, the rate the cadence asks for while every cohort
    analyses (pauses ask for less); per cohort per interval; per analysis against the 3 gates."""
    (t0, q0), (t1, q1) = samples[0], samples[-1]
    queries, seconds = q1 - q0, max(t1 - t0, 0.1)
    peak = 0.0
    for i, (ta, qa) in enumerate(samples):
        later = next(((tb, qb) for tb, qb in samples[i + 1:] if tb - ta >= ANALYSIS_INTERVAL_S), None)
        if later:
            peak = max(peak, (later[1] - qa) / (later[0] - ta))
    out = {"queries": int(queries), "queries_per_s": round(queries / seconds, 2), "queries_per_s_peak": round(peak, 2),
           "queries_per_s_all_analysing": round(m * GATES / ANALYSIS_INTERVAL_S, 2),
           "queries_per_cohort_per_interval": round(queries / seconds * ANALYSIS_INTERVAL_S / m, 2)}
    if analyses:
        out["queries_per_analysis"] = round(queries / analyses, 2)
    else:
        out["queries_per_analysis"], out["queries_per_analysis_why"] = None, "the watch saw no analysis"
    return out


def promoted_figures(watch, m, t0):
    """Seconds from the create request to the watch seeing Promoted, and RolloutStarted to Promoted in status.history."""
    seen, inside = [], []
    for name in list(watch.status):
        at = watch.seen_at(name, "phase", "Promoted")
        if at is None:
            continue
        seen.append(at - t0)
        history = (watch.get(name) or {}).get("history", [])
        start = next((parse_time(h["time"]) for h in history if h.get("reason") == "RolloutStarted"), None)
        end = next((parse_time(h["time"]) for h in history if h.get("to") == "Promoted"), None)
        if start and end:
            inside.append(end - start)
    out = {"promoted": len(seen)}
    if seen:
        out.update(promoted_s=rounded(quantile(seen, 0.5)), promoted_p50_s=rounded(quantile(seen, 0.5)),
                   promoted_max_s=rounded(max(seen)))
    else:
        for key in ("promoted_s", "promoted_p50_s", "promoted_max_s"):
            out[key], out[key + "_why"] = None, f"none of the {m} cohorts was seen Promoted"
    if inside:
        out.update(rollout_p50_s=rounded(quantile(inside, 0.5)), rollout_max_s=rounded(max(inside)))
    return out


def analysis_runs(sizes):
    """Part 3 for each M in sizes."""
    return [analysis_run(m) for m in sizes]


# ------------------------------------------------------------------ part 4: breach to fallback
def breach_tenants(run):
    return [f"brk{run}-{j:02d}" for j in range(BREACH_TENANTS)]


def breach_run(run, stack, watch, ns):
    """One cohort analysing every 5 s; its latency breaches after two passing analyses. Seconds from the breach
    visible in Prometheus to FallbackActive=True seen by the watch, and from the profile change to visible."""
    name = f"breach-{run}"
    steps = [(n, 0) for n in range(1, BREACH_TENANTS)]
    k("apply", "--server-side", "-f", "-", stdin=analysing_cohort(
        ns, name, breach_tenants(run), steps, BREACH_INTERVAL_S, BREACH_FAILURE_LIMIT, stack.address))
    wait_until(f"{name}: {BREACH_AFTER_PASSES} passing analyses",
               lambda: (watch.get(name) or {}).get("currentStep") or 0, BREACH_AFTER_PASSES, 180)
    gate = next(g for g in watch.get(name).get("gates", []) if g.get("name") == "latency")
    threshold = float(gate["threshold"])
    flipped = time.time()
    stack.set_latency(breach_tenants(run), BREACH_LATENCY_S)
    visible = None
    while time.time() - flipped < 120:
        v = stack.query(gate["query"])
        if v is not None and v > threshold:
            visible = time.time()
            break
        time.sleep(0.2)
    if visible is None:
        return {"why": f"the latency gate's query never exceeded {threshold} within 120 s"}
    wait_until(f"{name}: FallbackActive=True", lambda: 1 if watch.seen_at(name, "FallbackActive", "True") else 0, 1, 120)
    fallback = watch.seen_at(name, "FallbackActive", "True")
    failures = [round(at - visible, 2) for at in watch.failures(name)]
    return {"visible_after_change_s": round(visible - flipped, 2), "fallback_after_visible_s": round(fallback - visible, 2),
            "failed_analyses_after_visible_s": failures, "step_at_breach": watch.get(name).get("currentStep")}


def breach_runs(runs):
    """Part 4: `runs` cohorts, one after the other, each breaching once; see the module docstring."""
    bound = BREACH_FAILURE_LIMIT * BREACH_INTERVAL_S + SCRAPE_INTERVAL_S
    result = {"runs": [], "bound_s": bound, "target_s": bound + 2, "interval_s": BREACH_INTERVAL_S,
              "failure_limit": BREACH_FAILURE_LIMIT, "scrape_interval_s": SCRAPE_INTERVAL_S, "window_s": 30,
              "breach_latency_s": BREACH_LATENCY_S, "visible_after_change_s": [], "details": []}
    if runs <= 0:
        result["runs_why"] = f"BENCH_BREACH_RUNS={runs}"
        return result
    ns = "bench-breach"
    fresh_namespace(ns)
    tenants = [t for r in range(runs) for t in breach_tenants(r)]
    stack = MetricsStack("breach", tenants)
    op = watch = None
    try:
        stack.wait_ready(tenants)
        op, _ = start_operator("breach")
        watch = CohortWatch(ns)
        for r in range(runs):
            try:
                d = breach_run(r, stack, watch, ns)
            except RuntimeError as e:  # a wait_until that timed out: this run is not measured, the next ones still run
                d = {"why": str(e)}
            result["details"].append(d)
            if "why" in d:
                log(f"breach run {r + 1}: not measured: {d['why']}")
                result["runs"].append(None)
                continue
            result["runs"].append(d["fallback_after_visible_s"])
            result["visible_after_change_s"].append(d["visible_after_change_s"])
            log(f"breach run {r + 1}: visible {d['visible_after_change_s']} s after the change, FallbackActive "
                f"{d['fallback_after_visible_s']} s after visible (bound {bound} s, target {bound + 2} s)")
    finally:
        for thing in (watch, op, stack):
            if thing:
                thing.stop()
        k("delete", "namespace", ns, "--wait=false", check=False)
    measured = [x for x in result["runs"] if x is not None]
    if measured:
        result.update(p50_s=quantile(measured, 0.5), max_s=max(measured),
                      within_bound=sum(1 for x in measured if x <= bound),
                      within_target=sum(1 for x in measured if x <= bound + 2))
        if len(measured) < len(result["runs"]):
            result["runs_why"] = "; ".join(d["why"] for d in result["details"] if "why" in d)
    else:
        result["runs_why"] = "; ".join(d.get("why", "") for d in result["details"]) or "no run"
    return result


# ------------------------------------------------------------------ the report
def fmt(d, key):
    v = d.get(key)
    if v is None:
        return f"not measured: {d[key + '_why']}" if d.get(key + "_why") else "not measured"
    return str(v)


def report_lines(analysis, breach):
    """Markdown lines for parts 3 and 4, each figure beside its baseline (no trailing blank line)."""
    lines = []
    if analysis:
        a0 = analysis[0]
        lines += [f"Analysis at scale: M cohorts of {a0['tenants_per_cohort']} healthy tenants created at once, analysis every "
                  f"{a0['interval_s']} s (steps {a0['steps']} as [tenants, pause s], then all tenants), a real Prometheus "
                  f"scraping the bundled exporter every {a0['scrape_interval_s']} s. Lag = when an analysis happened minus "
                  "when it was due (from status; `seen` adds the gate queries and the status write, as a watch saw it), "
                  "against the interval; Prometheus queries/s (mean over the run, highest over one interval) against "
                  "M × 3 gates / interval, the rate while every cohort analyses (pauses ask for less); time to Promoted against the minimum the "
                  "steps and pauses allow.", "",
                  "| M | analyses | lag p50/p99 s | seen p50/p99 s | operator histogram p50/p99 s | interval s | step advance lag p50/p99 s "
                  "| queue wait p50/p99 s "
                  "| queries/s mean/peak | M × 3 / interval | per cohort per interval | per analysis (3 gates) | Promoted p50/max s | RolloutStarted to Promoted p50/max s | minimum s | Promoted |",
                  "|" + "---|" * 16]
        for r in analysis:
            hist = (f"{r['operator_lag_p50_s']}/{r['operator_lag_p99_s']}" if r.get("operator_lag_p50_s") is not None
                    else f"not measured: {r.get('operator_lag_p50_s_why')}")
            lines.append(f"| {r['m']} | {r.get('analyses')} | {fmt(r, 'lag_p50_s')}/{fmt(r, 'lag_p99_s')} "
                         f"| {fmt(r, 'visible_lag_p50_s')}/{fmt(r, 'visible_lag_p99_s')} | {hist} | {r['interval_s']} "
                         f"| {fmt(r, 'advance_lag_p50_s')}/{fmt(r, 'advance_lag_p99_s')} "
                         f"| {fmt(r, 'queue_wait_p50_s')}/{fmt(r, 'queue_wait_p99_s')} | {fmt(r, 'queries_per_s')}/{fmt(r, 'queries_per_s_peak')} "
                         f"| {r.get('queries_per_s_all_analysing')} | {fmt(r, 'queries_per_cohort_per_interval')} "
                         f"| {fmt(r, 'queries_per_analysis')} | {fmt(r, 'promoted_p50_s')}/{fmt(r, 'promoted_max_s')} "
                         f"| {fmt(r, 'rollout_p50_s')}/{fmt(r, 'rollout_max_s')} "
                         f"| {fmt(r, 'promoted_min_s')} | {r.get('promoted')}/{r['m']} |")
        for r in analysis:
            if r.get("timed_out"):
                lines.append(f"- M={r['m']}: {r['timed_out']} (phases at the end: {r.get('phases_at_end')})")
    if breach:
        if analysis:
            lines.append("")
        b = breach
        lines.append(f"Breach to fallback: a cohort analysing every {b['interval_s']} s (failureLimit {b['failure_limit']}, "
                     f"window {b['window_s']} s) whose tenants' latency turns to {b['breach_latency_s']} s: seconds from the "
                     "breach visible in Prometheus (the latency gate's query above its threshold) to `FallbackActive=True` "
                     f"(watch), over {len(b['details'])} runs, against the bound failureLimit × interval + scrape interval "
                     f"({b['bound_s']} s) and the issue's target, the bound + 2 s ({b['target_s']} s).")
        lines.append("")
        if b.get("max_s") is not None:
            firsts = [d["failed_analyses_after_visible_s"][0] for d in b["details"] if d.get("failed_analyses_after_visible_s")]
            lines += ["| runs s | max s | bound s | within bound | target s | within target | change to visible s "
                      "| visible to first failed analysis s |",
                      "|---|---|---|---|---|---|---|---|",
                      f"| {', '.join('not measured' if x is None else str(x) for x in b['runs'])} | {b['max_s']} | {b['bound_s']} | {b['within_bound']}/{len(b['runs'])} "
                      f"| {b['target_s']} | {b['within_target']}/{len(b['runs'])} | {', '.join(str(x) for x in b['visible_after_change_s'])} "
                      f"| {', '.join(str(x) for x in firsts)} |"]
        if b.get("runs_why"):
            if b.get("max_s") is not None:
                lines.append("")
            lines.append(f"Breach to fallback: not measured{' (some runs)' if b.get('max_s') is not None else ''}: {b['runs_why']}")
    return lines


def main():
    parts = os.environ.get("BENCH_PARTS", "analysis,breach").split(",")
    sizes = [int(x) for x in os.environ.get("BENCH_ANALYSIS_M", "50").replace(",", " ").split()]
    runs = int(os.environ.get("BENCH_BREACH_RUNS", "3"))
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start"}
    analysis = analysis_runs(sizes) if "analysis" in parts else None
    breach = breach_runs(runs) if "breach" in parts else None
    out = os.environ.get("BENCH_OUT") or os.path.join("bench-results", meta["date"].replace(":", "") + "-analysis.json")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        json.dump({"meta": meta, "analysis": analysis, "breach": breach}, f, indent=2)
    text = "\n".join([f"# Benchmark parts 3 and 4: {meta['date']} on {meta['machine']}", ""] + report_lines(analysis, breach)) + "\n"
    with open(os.path.splitext(out)[0] + ".md", "w") as f:
        f.write(text)
    print(text)
    log(f"results: {out} and {os.path.splitext(out)[0]}.md")


if __name__ == "__main__":
    main()
