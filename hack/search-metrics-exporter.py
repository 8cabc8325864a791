#!/usr/bin/env python3
"""A stand-in for the federated search gateway's metrics, for tests and `make run`.

Serves Prometheus exposition text on /metrics with the metric names the FederationCohort gates query.
Counters grow with wall-clock time according to a profile file, re-read on every scrape so a test can
change a tenant's behaviour (a latency breach, say) while Prometheus keeps scraping:

  {"rps": 20, "baselineCtr": 0.20, "baselineLatency": 0.3,
   "tenants": {"acme": {"latency": 0.3, "complaintRate": 0.005, "ctr": 0.25}}}

Every request of a tenant in federated mode takes `latency` seconds; single-index traffic (the ctr@5
baseline) takes `baselineLatency`. A tenant missing from the profile emits no series at all (no data).

An optional "metering" section imitates the metering pipeline and the usage store billing exports from:

  "metering": {"tenants": {"acme": {"rate": 5.0, "exportRatio": 0.995}}}

metering_usage_units_total grows by `rate` units a second; usage_store_units_total by rate x exportRatio
(an exportRatio of 0.995 is a 0.5 % drift between metering and what gets exported).

An optional "predictive" section imitates the predictive (ML) service for PredictiveRollout's gates:

  "predictive": {"feature": "predictive-ranking", "rps": 20,
                 "tenants": {"acme": {"auditRatio": 0.995, "abuseRate": 0.001, "quotaRejectRate": 0.0}}}
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0]


class Series:
    def __init__(self):
        self.requests = 0.0
        self.latency_sum = 0.0
        self.buckets = [0.0] * len(BUCKETS)
        self.clicks = 0.0
        self.complaints = 0.0

    def observe(self, n, latency, ctr, complaint_rate):
        self.requests += n
        self.latency_sum += n * latency
        for i, le in enumerate(BUCKETS):
            if latency <= le:
                self.buckets[i] += n
        self.clicks += n * ctr
        self.complaints += n * complaint_rate


class Predictive:
    def __init__(self):
        self.predictions = 0.0
        self.audited = 0.0
        self.requests = 0.0
        self.abusive = 0.0
        self.rejected = 0.0

    def observe(self, n, t):
        self.predictions += n
        self.audited += n * float(t.get("auditRatio", 1.0))
        self.requests += n
        self.abusive += n * float(t.get("abuseRate", 0.0))
        self.rejected += n * float(t.get("quotaRejectRate", 0.0))


class Exporter:
    def __init__(self, profile_path):
        self.profile_path = profile_path
        self.series = {}
        self.predictive = {}
        self.metering = {}
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def profile(self):
        try:
            with open(self.profile_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {"tenants": {}}

    def render(self):
        with self.lock:
            now = time.monotonic()
            dt, self.last = now - self.last, now
            p = self.profile()
            rps = float(p.get("rps", 20))
            n = rps * dt
            for tenant, t in p.get("tenants", {}).items():
                self.series.setdefault((tenant, "federated"), Series()).observe(
                    n, float(t.get("latency", 0.3)), float(t.get("ctr", 0.25)), float(t.get("complaintRate", 0.0)))
                self.series.setdefault((tenant, "single-index"), Series()).observe(
                    n, float(p.get("baselineLatency", 0.3)), float(p.get("baselineCtr", 0.20)), 0.0)
            live = {k: v for k, v in self.series.items() if k[0] in p.get("tenants", {})}
            pp = p.get("predictive", {})
            feature = pp.get("feature", "predictive")
            pn = float(pp.get("rps", 20)) * dt
            for tenant, t in pp.get("tenants", {}).items():
                self.predictive.setdefault((feature, tenant), Predictive()).observe(pn, t)
            plive = {k: v for k, v in self.predictive.items() if k[0] == feature and k[1] in pp.get("tenants", {})}
            mp = p.get("metering", {}).get("tenants", {})
            for tenant, t in mp.items():
                m = self.metering.setdefault(tenant, [0.0, 0.0])
                m[0] += float(t.get("rate", 1.0)) * dt
                m[1] += float(t.get("rate", 1.0)) * dt * float(t.get("exportRatio", 1.0))
            out = [
                "# HELP federated_search_requests_total Search requests served.",
                "# TYPE federated_search_requests_total counter",
            ]
            out += [f'federated_search_requests_total{{tenant="{t}",mode="{m}"}} {s.requests:.6f}' for (t, m), s in sorted(live.items())]
            out += ["# HELP federated_search_request_duration_seconds End-to-end search latency.",
                    "# TYPE federated_search_request_duration_seconds histogram"]
            for (t, m), s in sorted(live.items()):
                for le, c in zip(BUCKETS, s.buckets):
                    out.append(f'federated_search_request_duration_seconds_bucket{{tenant="{t}",mode="{m}",le="{le}"}} {c:.6f}')
                out.append(f'federated_search_request_duration_seconds_bucket{{tenant="{t}",mode="{m}",le="+Inf"}} {s.requests:.6f}')
                out.append(f'federated_search_request_duration_seconds_sum{{tenant="{t}",mode="{m}"}} {s.latency_sum:.6f}')
                out.append(f'federated_search_request_duration_seconds_count{{tenant="{t}",mode="{m}"}} {s.requests:.6f}')
            out += ["# HELP federated_search_clicks_at5_total Clicks on one of the first five results.",
                    "# TYPE federated_search_clicks_at5_total counter"]
            out += [f'federated_search_clicks_at5_total{{tenant="{t}",mode="{m}"}} {s.clicks:.6f}' for (t, m), s in sorted(live.items())]
            out += ["# HELP federated_search_complaints_total Result-quality complaints.",
                    "# TYPE federated_search_complaints_total counter"]
            out += [f'federated_search_complaints_total{{tenant="{t}"}} {s.complaints:.6f}'
                    for (t, m), s in sorted(live.items()) if m == "federated"]
            for metric, attr, help_text in [
                ("predictive_predictions_total", "predictions", "Predictions served."),
                ("predictive_predictions_audited_total", "audited", "Predictions sampled into audit."),
                ("predictive_requests_total", "requests", "Requests to the predictive service."),
                ("predictive_requests_flagged_abusive_total", "abusive", "Requests flagged abusive."),
                ("predictive_requests_rejected_quota_total", "rejected", "Requests rejected by quota."),
            ]:
                out += [f"# HELP {metric} {help_text}", f"# TYPE {metric} counter"]
                out += [f'{metric}{{feature="{f}",tenant="{t}"}} {getattr(s, attr):.6f}' for (f, t), s in sorted(plive.items())]
            out += ["# HELP metering_usage_units_total Usage units counted by the metering pipeline.",
                    "# TYPE metering_usage_units_total counter"]
            out += [f'metering_usage_units_total{{tenant="{t}"}} {v[0]:.6f}' for t, v in sorted(self.metering.items()) if t in mp]
            out += ["# HELP usage_store_units_total Usage units in the store billing exports from.",
                    "# TYPE usage_store_units_total counter"]
            out += [f'usage_store_units_total{{tenant="{t}"}} {v[1]:.6f}' for t, v in sorted(self.metering.items()) if t in mp]
            return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--profile", required=True)
    args = ap.parse_args()
    exporter = Exporter(args.profile)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/metrics"):
                body = exporter.render().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
            elif self.path == "/healthz":
                body = b"ok\n"
                self.send_response(200)
            else:
                body = b"not found\n"
                self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
