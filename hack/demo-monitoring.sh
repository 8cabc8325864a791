#!/usr/bin/env bash
# Starts the demo scrape target (hack/search-metrics-exporter.py with hack/demo-metrics.json: four healthy
# tenants) and a Prometheus (Debian's package) scraping it, on loopback, for `make run` and examples/.
# Prometheus answers on $DEMO_PROMETHEUS_ADDRESS (set in hack/lib.sh from DEMO_PROMETHEUS_PORT).
# For examples/50-explanationexport.yaml (on kwok its exporter Deployment never runs): the sample source and sink of
# hack/xai-demo.py, and `mcctl xai export` between them, configured as the operator configures that Deployment (the
# example's sink URL, tenants, retry policy, exportName search-demo/explanations) with its files under .run/xai/ and
# its metrics on 127.0.0.1:$DEMO_XAI_METRICS_PORT, which Prometheus scrapes too. It needs mcctl/target/mcctl.jar
# (make build); without it the exporter is not started, and says so.
# For examples/60-cachewarmexperiment.yaml (on kwok its warmer CronJobs never run): the simulated search service of
# hack/cachewarm-demo.py on 127.0.0.1:$DEMO_CACHEWARM_PORT (the example's spec.searchEndpoint), which routes each tenant to
# the arm the operator recorded and plays the warmer CronJobs as the operator wrote them; Prometheus scrapes it too.
# Usage: demo-monitoring.sh [start]   start both unless they answer already (their pids in .run/*.pid)
#        demo-monitoring.sh stop      stop what a start started: SIGTERM, then SIGKILL after 10 s; nothing else
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DEMO_EXPORTER_PORT="${DEMO_EXPORTER_PORT:-19464}"
DEMO_XAI_SINK_PORT="${DEMO_XAI_SINK_PORT:-19480}"         # the example's spec.sink.url names this port
DEMO_XAI_METRICS_PORT="${DEMO_XAI_METRICS_PORT:-19465}"
DEMO_CACHEWARM_PORT="${DEMO_CACHEWARM_PORT:-19466}"       # the CacheWarmExperiment example's spec.searchEndpoint names this port
MCCTL_JAR="${MCCTL_JAR:-$ROOT_DIR/mcctl/target/mcctl.jar}"
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
  stop_pidfile "$RUN_DIR/xai-exporter.pid" "xai export --config $RUN_DIR/xai/exporter.json"
  stop_pidfile "$RUN_DIR/xai-sink.pid" "xai-demo.py sink"
  stop_pidfile "$RUN_DIR/cachewarm-demo.pid" "cachewarm-demo.py serve"
  exit 0
fi

mkdir -p "$RUN_DIR/prometheus"
"$HACK_DIR/install-prometheus.sh"

if ! curl -fsS "http://127.0.0.1:$DEMO_EXPORTER_PORT/healthz" >/dev/null 2>&1; then
  python3 "$HACK_DIR/search-metrics-exporter.py" --port "$DEMO_EXPORTER_PORT" --profile "$HACK_DIR/demo-metrics.json" \
    >"$RUN_DIR/exporter.log" 2>&1 &
  echo $! >"$RUN_DIR/exporter.pid"
fi
# The ExplanationExport example's sample source (written once: the exporter's ledger under .run/xai/state settles it) and sink.
mkdir -p "$RUN_DIR/xai"
python3 "$HACK_DIR/xai-demo.py" events --out "$RUN_DIR/xai/events"
if ! curl -fsS "http://127.0.0.1:$DEMO_XAI_SINK_PORT/healthz" >/dev/null 2>&1; then
  python3 "$HACK_DIR/xai-demo.py" sink --port "$DEMO_XAI_SINK_PORT" >"$RUN_DIR/xai-sink.log" 2>&1 &
  echo $! >"$RUN_DIR/xai-sink.pid"
fi
for _ in $(seq 1 40); do # the exporter's first attempt would otherwise meet a sink not listening yet
  curl -fsS "http://127.0.0.1:$DEMO_XAI_SINK_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.25
done
# The CacheWarmExperiment example's search service: it reads the experiments' assignment and warmer CronJobs in
# search-demo with kubectl (KUBECONFIG as run.sh exported it) and answers before they exist.
if ! curl -fsS "http://127.0.0.1:$DEMO_CACHEWARM_PORT/healthz" >/dev/null 2>&1; then
  python3 "$HACK_DIR/cachewarm-demo.py" serve --port "$DEMO_CACHEWARM_PORT" --namespace search-demo --kubectl "$KUBECTL" \
    >"$RUN_DIR/cachewarm-demo.log" 2>&1 &
  echo $! >"$RUN_DIR/cachewarm-demo.pid"
fi
if curl -fsS "http://127.0.0.1:$DEMO_XAI_METRICS_PORT/metrics" >/dev/null 2>&1; then
  :
elif [[ -f "$MCCTL_JAR" ]]; then
  cat >"$RUN_DIR/xai/exporter.json" <<JSON
{"sourceDir": "$RUN_DIR/xai/events", "sinkUrl": "http://127.0.0.1:$DEMO_XAI_SINK_PORT/v1/explanations",
 "stateDir": "$RUN_DIR/xai/state", "deadLetterDir": "$RUN_DIR/xai/dead-letter", "metricsAddress": "127.0.0.1:$DEMO_XAI_METRICS_PORT",
 "tenants": ["acme", "globex"], "retry": {"initial": "1s", "max": "30s", "total": "5m"}, "attemptTimeout": "10s",
 "maxEventBytes": 65536, "exportName": "search-demo/explanations"}
JSON
  java -Xmx128m -jar "$MCCTL_JAR" xai export --config "$RUN_DIR/xai/exporter.json" >"$RUN_DIR/xai-exporter.log" 2>&1 &
  echo $! >"$RUN_DIR/xai-exporter.pid"
else
  log "$MCCTL_JAR is not built (make build): the ExplanationExport example's exporter is not started"
fi
if ! curl -fsS "$DEMO_PROMETHEUS_ADDRESS/-/ready" >/dev/null 2>&1; then
  cat >"$RUN_DIR/prometheus/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: search-gateway
    static_configs:
      - targets: ['127.0.0.1:$DEMO_EXPORTER_PORT']
  - job_name: xai-exporter
    static_configs:
      - targets: ['127.0.0.1:$DEMO_XAI_METRICS_PORT']
  - job_name: cachewarm-search
    static_configs:
      - targets: ['127.0.0.1:$DEMO_CACHEWARM_PORT']
YAML
  prometheus --config.file="$RUN_DIR/prometheus/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prometheus/data" \
    --web.listen-address="127.0.0.1:$DEMO_PROMETHEUS_PORT" >"$RUN_DIR/prometheus.log" 2>&1 &
  echo $! >"$RUN_DIR/prometheus.pid"
fi
for _ in $(seq 1 60); do
  curl -fsS "$DEMO_PROMETHEUS_ADDRESS/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
for _ in $(seq 1 40); do
  curl -fsS "http://127.0.0.1:$DEMO_CACHEWARM_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.25
done
for _ in $(seq 1 60); do
  [[ -f "$RUN_DIR/xai-exporter.pid" ]] || break
  curl -fsS "http://127.0.0.1:$DEMO_XAI_METRICS_PORT/metrics" >/dev/null 2>&1 && break
  sleep 0.5
done
log "demo Prometheus on $DEMO_PROMETHEUS_ADDRESS scraping the demo gateway metrics on :$DEMO_EXPORTER_PORT and the sample exporter on :$DEMO_XAI_METRICS_PORT (sink :$DEMO_XAI_SINK_PORT)"
log "simulated search service of the CacheWarmExperiment example on :$DEMO_CACHEWARM_PORT (log: cachewarm-demo.log)"
