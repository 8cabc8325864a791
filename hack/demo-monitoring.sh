#!/usr/bin/env bash
# Starts the demo scrape target (hack/search-metrics-exporter.py with hack/demo-metrics.json: four healthy
# tenants) and a Prometheus (Debian's package) scraping it, on loopback, for `make run` and examples/.
# Prometheus answers on $DEMO_PROMETHEUS_ADDRESS (set in hack/lib.sh from DEMO_PROMETHEUS_PORT).
# Usage: demo-monitoring.sh [start]   start both unless they answer already (their pids in .run/*.pid)
#        demo-monitoring.sh stop      stop what a start started: SIGTERM, then SIGKILL after 10 s; nothing else
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DEMO_EXPORTER_PORT="${DEMO_EXPORTER_PORT:-19464}"
RUN_DIR="${MC_RUN_DIR:-$ROOT_DIR/.run}"   # its logs, data and pid files (a test may point it elsewhere)

# stop_pidfile FILE PATTERN: stops the process FILE names if its command line still matches PATTERN (a pid reused by
# another process is left alone), waits for it to exit, removes FILE.
stop_pidfile() {
  local file="$1" pattern="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$(basename "$file" .pid) (pid $pid) did not stop within 10 s of SIGTERM; SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
    log "stopped $(basename "$file" .pid) (pid $pid)"
  fi
  rm -f "$file"
}

if [[ "${1:-start}" == "stop" ]]; then
  stop_pidfile "$RUN_DIR/prometheus.pid" "--config.file=$RUN_DIR/prometheus/prometheus.yml"
  stop_pidfile "$RUN_DIR/exporter.pid" "search-metrics-exporter.py"
  exit 0
fi

mkdir -p "$RUN_DIR/prometheus"
"$HACK_DIR/install-prometheus.sh"

if ! curl -fsS "http://127.0.0.1:$DEMO_EXPORTER_PORT/healthz" >/dev/null 2>&1; then
  python3 "$HACK_DIR/search-metrics-exporter.py" --port "$DEMO_EXPORTER_PORT" --profile "$HACK_DIR/demo-metrics.json" \
    >"$RUN_DIR/exporter.log" 2>&1 &
  echo $! >"$RUN_DIR/exporter.pid"
fi
if ! curl -fsS "$DEMO_PROMETHEUS_ADDRESS/-/ready" >/dev/null 2>&1; then
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
  curl -fsS "$DEMO_PROMETHEUS_ADDRESS/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
log "demo Prometheus on $DEMO_PROMETHEUS_ADDRESS scraping the demo gateway metrics on :$DEMO_EXPORTER_PORT"
