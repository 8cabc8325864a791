#!/usr/bin/env bash
# make run: use the cluster KUBECONFIG reaches, or start the local one; install the CRDs and the chart's admission
# policies; run the operator; apply examples/ (hack/apply-examples.sh: decisions as their reviewers); wait until every example
# reaches its goal (goals() below: the FederationCohorts Ready and Promoted, ..., the ExplanationExport's KPIs measured, the AccessReview's signed run, the TenantOnboarding Live with its evidence); then keep the operator in
# the foreground (Ctrl-C stops it). EXIT_WHEN_READY=1 stops the operator once the examples are Ready.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$HACK_DIR/build-tools.sh"

if reachable "${KUBECONFIG:-}"; then
  log "using the cluster KUBECONFIG=$KUBECONFIG reaches; starting nothing"
else
  "$HACK_DIR/cluster-up.sh"
  export KUBECONFIG="$LOCAL_KUBECONFIG"
fi
k() { "$KUBECTL" "$@"; }

log "installing CRDs from crds/"
k apply --server-side --force-conflicts -f "$ROOT_DIR/crds/" >/dev/null
k wait --for=condition=Established crd --all --timeout=60s >/dev/null
# The operator's own namespace: its signing keys and archived records live there (the chart's release namespace).
k create namespace mission-control-system --dry-run=client -o yaml | k apply -f - >/dev/null
# The chart's admission policies, so decisions are tied to who makes them here as on a cluster with the chart.
"$HACK_DIR/admission-policies.sh"

RUN_DIR="${MC_RUN_DIR:-$ROOT_DIR/.run}"   # the operator's log; demo-monitoring.sh keeps its files here too
mkdir -p "$RUN_DIR"
log "starting the operator (log: .run/operator.log)"
OPERATOR_HTTP_PORT="${OPERATOR_HTTP_PORT:-8080}"
java ${JAVA_OPTS:-} -Dquarkus.http.port="$OPERATOR_HTTP_PORT" -jar "$ROOT_DIR/operator/target/quarkus-app/quarkus-run.jar" >"$RUN_DIR/operator.log" 2>&1 &
OPERATOR_PID=$!
TAIL_PID=
GOALS_PID=
# However this script ends (the operator exits, Ctrl-C, an error, EXIT_WHEN_READY), nothing it started keeps running:
# the operator, the demo Prometheus and exporter (hack/demo-monitoring.sh stop), the log tail.
stop_all() {
  trap - EXIT INT TERM HUP
  if kill -0 "$OPERATOR_PID" 2>/dev/null; then
    kill "$OPERATOR_PID" 2>/dev/null || true
  fi
  wait "$OPERATOR_PID" 2>/dev/null || true
  if [[ -n "$GOALS_PID" ]]; then
    pkill -TERM -P "$GOALS_PID" 2>/dev/null || true   # the kubectl wait in flight
    kill "$GOALS_PID" 2>/dev/null || true
  fi
  if [[ -n "$TAIL_PID" ]]; then
    kill "$TAIL_PID" 2>/dev/null || true
    wait "$TAIL_PID" 2>/dev/null || true
  fi
  "$HACK_DIR/demo-monitoring.sh" stop || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:${OPERATOR_HTTP_PORT}/q/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $OPERATOR_PID 2>/dev/null; then cat "$RUN_DIR/operator.log" >&2; log "the operator exited"; exit 1; fi
  sleep 1
done

"$HACK_DIR/demo-monitoring.sh"

log "applying examples/ (requests and decisions as the users their headers name)"
"$HACK_DIR/apply-examples.sh"
log "waiting for every example to reach its goal (goals(): the FederationCohorts Promoted, ..., the ExplanationExport's KPIs measured)"
goals() {
  k wait --for=condition=Ready fc --all --all-namespaces --timeout=180s \
  && k wait --for=condition=Promoted fc --all --all-namespaces --timeout=300s \
  && k wait --for=condition=Live msrc --all --all-namespaces --timeout=120s \
  && k wait --for=condition=Connected creq --all --all-namespaces --timeout=120s \
  && k wait --for=condition=Completed pr/ranking-go -n search-demo --timeout=180s \
  && k wait --for=condition=ErrorBudget slo/federated-latency -n search-demo --timeout=180s \
  && k wait --for=condition=LedgerBalanced xaiexport/explanations -n search-demo --timeout=180s \
  && k wait --for=condition=CoverageMet xaiexport/explanations -n search-demo --timeout=60s \
  && k wait --for=jsonpath='{.status.verdict.keyId}' cwe/warmers -n search-demo --timeout=240s \
  && "$HACK_DIR/demo-access-review.sh" search-demo demo-access \
  && k wait --for=condition=Ready ar/demo-access -n search-demo --timeout=120s \
  && k wait --for=jsonpath='{.status.phase}'=Live tonb/acme --timeout=120s \
  && "$HACK_DIR/demo-onboarding-evidence.sh" acme \
  && "$HACK_DIR/demo-provenance.sh" search-demo cohort-1
}
# In the background, so that the operator exiting meanwhile ends the wait at once.
goals &
GOALS_PID=$!
while kill -0 "$GOALS_PID" 2>/dev/null; do
  if ! kill -0 "$OPERATOR_PID" 2>/dev/null; then
    tail -50 "$RUN_DIR/operator.log" >&2
    log "the operator exited while the examples were on their way (log: .run/operator.log)"
    exit 1
  fi
  sleep 1
done
status=0
wait "$GOALS_PID" || status=$?
GOALS_PID=
if (( status != 0 )); then
  k get fc -A -o wide
  tail -50 "$RUN_DIR/operator.log" >&2
  exit 1
fi
k get fc -A -o wide
k get fc -n search-demo -o custom-columns='NAME:.metadata.name,PHASE:.status.phase,ENABLED:.status.enabledTenants,HISTORY:.status.history[*].reason'
# The ExplanationExport's KPIs, measured on the sample exporter hack/demo-monitoring.sh runs (its Deployment never runs on kwok).
k get xaiexport -n search-demo -o custom-columns='NAME:.metadata.name,KPI:.status.kpis[*].name,VALUE:.status.kpis[*].value,VERDICT:.status.kpis[*].verdict,ELIGIBLE:.status.eligible'
# The CacheWarmExperiment's decision, measured on the simulated search service hack/demo-monitoring.sh runs (its warmer
# CronJob never runs on kwok; the service plays it), and its signed verdict.
k get cwe -n search-demo -o custom-columns='NAME:.metadata.name,DECISION:.status.decision,WINNER:.status.winner,ARM:.status.arms[*].name,HIT_RATIO:.status.arms[*].hitRatio,LOWER:.status.arms[*].lower,LOOKUPS:.status.arms[*].lookups,VERDICT:.status.verdict.configMap'
# The AccessReview's signed run (its CronJob's command, run locally by hack/demo-access-review.sh).
k get ar -n search-demo -o custom-columns='NAME:.metadata.name,RUN:.status.run.id,ROWS:.status.run.rows,RISKY:.status.run.riskyRows,DISCREPANCIES:.status.conditions[?(@.type=="Discrepancies")].message'
# Every Mission Control kind, by their category. A fresh discovery cache: kubectl keeps discovery on disk for hours per
# API server address, and a cache from an earlier local cluster at the same address knows no such category.
rm -rf "$RUN_DIR/discovery-cache"
k get missioncontrol -A --cache-dir "$RUN_DIR/discovery-cache"
k get deployments,services,configmaps -A -l app.kubernetes.io/managed-by=mission-control-operator

if [[ "${EXIT_WHEN_READY:-0}" == "1" ]]; then
  log "examples Ready; stopping the operator (EXIT_WHEN_READY=1)"
  exit 0
fi
log "operator running (pid $OPERATOR_PID); Ctrl-C stops it. KUBECONFIG=$KUBECONFIG"
# --pid: the tail ends with the operator even if this shell is gone; stop_all also stops it.
tail -n +1 -f --pid="$OPERATOR_PID" "$RUN_DIR/operator.log" &
TAIL_PID=$!
status=0
wait "$OPERATOR_PID" || status=$?
log "the operator exited ($status); stopping the demo Prometheus and exporter"
exit "$status"
