#!/usr/bin/env bash
# `make bench`: hack/bench.py on a local cluster of its own (mission-control-bench), sized for the largest N: enough
# simulated nodes for two gateway pods per cohort and a /16 Service range. Not part of `make test`.
# BENCH_PARTS (comma list of scale,restart,failover,noisy,analysis,breach,kinds; default all), BENCH_N="100 300 1000"
# (default 100), BENCH_IDLE (s), BENCH_QUIET (s), BENCH_NOISY_K, BENCH_NOISY_M, BENCH_ANALYSIS_M, BENCH_BREACH_RUNS,
# BENCH_CONNECT, BENCH_SOURCES, BENCH_ROLLOUTS, BENCH_ROLLOUT_TENANTS, BENCH_ROLLOUT_WAVES, BENCH_ROLLOUT_INTERVAL,
# BENCH_OUT, BENCH_REPORT_DIR (also copy the report and its plots there);
# BENCH_KEEP_CLUSTER=1 keeps the cluster; BENCH_CLUSTER_NAME names it (default mission-control-bench).
set -euo pipefail
export CLUSTER_NAME="${BENCH_CLUSTER_NAME:-mission-control-bench}"
source "$(dirname "$0")/lib.sh"
[[ -f "${OPERATOR_JAR:-$ROOT_DIR/operator/target/quarkus-app/quarkus-run.jar}" ]] || { log "build the operator first (make build)"; exit 1; }
max_n=0
for n in ${BENCH_N:-100}; do n="${n//,/}"; (( n > max_n )) && max_n=$n; done
pods=$(( 2 * max_n ))
# Part 6's drill Jobs: one pod per PredictiveRollout, and as many again for the raw baseline.
if [[ -z "${BENCH_PARTS:-}" || ",${BENCH_PARTS// /,}," == *,kinds,* ]]; then
  (( 2 * ${BENCH_ROLLOUTS:-100} > pods )) && pods=$(( 2 * ${BENCH_ROLLOUTS:-100} ))
fi
export CLUSTER_NODES=$(( 2 + (pods + 99) / 100 )) CLUSTER_SERVICE_CIDR=10.96.0.0/16
log "cluster $CLUSTER_NAME: $CLUSTER_NODES simulated nodes, Services from $CLUSTER_SERVICE_CIDR"
"$HACK_DIR/cluster-up.sh"
if [[ "${BENCH_KEEP_CLUSTER:-}" != 1 ]]; then
  trap '"$HACK_DIR/cluster-down.sh" >/dev/null 2>&1 || true' EXIT
fi
export KUBECONFIG="$LOCAL_KUBECONFIG" KUBECTL HELM="$TOOLS_BIN/helm-$HELM_VERSION"
"$KUBECTL" apply --server-side --force-conflicts -f "$ROOT_DIR/crds/" >/dev/null
"$KUBECTL" wait --for=condition=Established crd --all --timeout=60s >/dev/null
"$HACK_DIR/admission-policies.sh" >/dev/null
"$KUBECTL" create namespace mission-control-system --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
export AUDIT_LOG="$(dirname "$LOCAL_KUBECONFIG")/logs/audit.log"
export OPERATOR_JAR="${OPERATOR_JAR:-$ROOT_DIR/operator/target/quarkus-app/quarkus-run.jar}"
export BENCH_WORK="$ROOT_DIR/.run"
mkdir -p "$BENCH_WORK"
cd "$ROOT_DIR"
# BENCH_SCRIPT runs another script of hack/ in the same environment (for developing one part on its own).
python3 "$HACK_DIR/${BENCH_SCRIPT:-bench.py}"
