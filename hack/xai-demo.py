#!/usr/bin/env python3
"""The sample source and sink of the ExplanationExport example (examples/50-explanationexport.yaml), for `make run`.

hack/demo-monitoring.sh writes the source once and starts the sink on loopback; `mcctl xai export` runs between them
(configured as the operator configures its Deployment) and the demo Prometheus scrapes it, so the example's KPIs show
values.

  xai-demo.py events --out DIR [--count 400]
      writes DIR/demo.jsonl (through a temporary name, renamed when complete: the exporter only reads *.jsonl) unless it
      exists: events e-0001 .. e-<count> for tenants acme and globex in the event format of docs/explanationexport.md.
      Every 50th event is an opt-out (2 %); every 20th (n % 20 == 3) carries no counterfactual hint (5 % of the
      explanations); a last line that is not JSON is dead-lettered in bucket "malformed".
  xai-demo.py sink --port PORT
      accepts POST /v1/explanations: 200, except 422 for ids n % 100 == 37 (dropped permanent, bucket "schema") and,
      the first time only, 503 with Retry-After: 1 for ids n % 40 == 7 (retried, then delivered). GET /healthz: 200.

With the default 400 events: 401 eligible (the malformed line too), 8 opted out, 4 refused, 1 malformed, 388 delivered:
coverage 388 / 393 = 98.7 % (target 98 %), hint coverage 372 / 392 = 94.9 % (90 %), opt-outs 8 / 401 = 2.0 % (below
3 %), and the ledger balances.
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TENANTS = ["acme", "globex"]


def number(event_id):
    try:
        return int(event_id.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return -1


def events(out, count):
    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, "demo.jsonl")
    if os.path.exists(target):
        return
    partial = target + ".partial"
    with open(partial, "w", encoding="utf-8") as f:
        for n in range(1, count + 1):
            event = {
                "id": "e-%04d" % n,
                "tenant": TENANTS[n % len(TENANTS)],
                "time": "2026-11-30T12:%02d:%02dZ" % ((n // 60) % 60, n % 60),
                "model": "ranker-v3",
                "explanation": {"top": ["price", "distance", "rating"][: 1 + n % 3]},
                "counterfactualHints": [] if n % 20 == 3 else ["a cheaper plan would rank first"],
                "optOut": n % 50 == 0,
            }
            f.write(json.dumps(event, separators=(",", ":")) + "\n")
        f.write("this line is not JSON\n")
    os.replace(partial, target)


class Sink(BaseHTTPRequestHandler):
    refused_once = set()
    lock = threading.Lock()

    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path != "/v1/explanations":
            self.answer(404)
            return
        event_id = self.headers.get("Idempotency-Key", "")
        n = number(event_id)
        if n % 100 == 37:
            self.answer(422)
            return
        if n % 40 == 7:
            with Sink.lock:
                first = event_id not in Sink.refused_once
                Sink.refused_once.add(event_id)
            if first:
                self.answer(503, {"Retry-After": "1"})
                return
        self.answer(200)

    def answer(self, status, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.headers.get("Idempotency-Key", "-") if self.headers else "-", fmt % args))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("events")
    e.add_argument("--out", required=True)
    e.add_argument("--count", type=int, default=400)
    s = sub.add_parser("sink")
    s.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    if args.command == "events":
        events(args.out, args.count)
    else:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), Sink)
        server.serve_forever()


if __name__ == "__main__":
    main()
