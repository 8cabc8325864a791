#!/usr/bin/env bash
# Starts the demo scrape target (hack/search-metrics-exporter.py with hack/demo-metrics.json: four healthy
# tenants) and a Prometheus (Debian's package) scraping it, on loopback, for `make run` and examples/.
# Prometheus answers on http://127.0.0.1:$DEMO_PROMETHEUS_PORT (default 19090), the address examples/ use.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DEMO_PROMETHEUS_PORT="${DEMO_PROMETHEUS_PORT:-19090}"
DEMO_EXPORTER_PORT="${DEMO_EXPORTER_PORT:-19464}"
RUN_DIR="$ROOT_DIR/.run"
mkdir -p "$RUN_DIR/prometheus"

"$HACK_DIR/install-prometheus.sh"

if ! curl -fsS "http://127.0.0.1:$DEMO_EXPORTER_PORT/healthz" >/dev/null 2>&1; then
  python3 "$HACK_DIR/search-metrics-exporter.py" --port "$DEMO_EXPORTER_PORT" --profile "$HACK_DIR/demo-metrics.json" \
    >"$RUN_DIR/exporter.log" 2>&1 &
  echo $! >"$RUN_DIR/exporter.pid"
fi
if ! curl -fsS "http://127.0.0.1:$DEMO_PROMETHEUS_PORT/-/ready" >/dev/null 2>&1; then
  cat >"$RUN_DIR/prometheus/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: search-gateway
    static_configs:
      - targets: ['127.0.0.1:$DEMO_EXPORTER_PORT']
YAML
  prometheus --config.file="$RUN_DIR/prometheus/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prometheus/data" \
    --web.listen-address="127.0.0.1:$DEMO_PROMETHEUS_PORT" >"$RUN_DIR/prometheus.log" 2>&1 &
  echo $! >"$RUN_DIR/prometheus.pid"
fi
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$DEMO_PROMETHEUS_PORT/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
log "demo Prometheus on http://127.0.0.1:$DEMO_PROMETHEUS_PORT scraping the demo gateway metrics on :$DEMO_EXPORTER_PORT"
