#!/usr/bin/env bash
# `make test`: the test cluster, every Maven test layer, then the chart's checks.
# `hack/test.sh LAYER` (make test-apiserver, test-integration, test-process, test-faults): the test cluster, then only
# the tests tagged LAYER, without the chart's checks. One run at a time per test cluster: the operator under test watches
# every namespace, so two runs sharing a cluster would reconcile each other's resources; a second run waits.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${CLUSTER_NAME:?}" "${MVN:?}"
LAYER="${1:-}"
case "$LAYER" in
  "") ;;
  apiserver|integration) GOAL=test ;;   # surefire only: no jar is packaged
  process) GOAL=verify ;;               # failsafe runs the packaged operator and image (*IT)
  faults) GOAL=verify ;;                # failsafe: the packaged operator through outages and SIGKILLs (*FaultIT)
  *) log "unknown layer '$LAYER': apiserver, integration, process or faults (unit and tools need no cluster: make unit, make test-tools)"; exit 2 ;;
esac
mkdir -p "$HOME/.kwok"
exec 9>"$HOME/.kwok/$CLUSTER_NAME.test.lock"
if ! flock -n 9; then
  log "another make test is using cluster $CLUSTER_NAME; waiting for it to finish"
  flock 9
fi
# fd 9 (the lock) is closed for cluster-up: the control plane it starts outlives this run and must not hold the lock.
"$HACK_DIR/cluster-up.sh" 9>&-
export KUBECONFIG="$LOCAL_KUBECONFIG"
# Every layer runs with the chart's admission policies in force, as a cluster with the chart has them.
# --prune-stale: this long-lived test cluster may hold CRDs and policies of another checkout or branch.
"$HACK_DIR/admission-policies.sh" --prune-stale
cd "$ROOT_DIR"
if [[ -n "$LAYER" ]]; then
  $MVN "$GOAL" -Dgroups="$LAYER" || { "$HACK_DIR/test-failures.sh"; exit 1; }
  exit 0
fi
# The fault layer stops this cluster's API server and SIGKILLs operators for several minutes: `make test-faults`, which
# .ci/run runs after `make test` (docs/development.md#the-fault-layer).
# The process layer is `make test-process` (CI runs it after this). The integration layer runs in a Maven run of its
# own, after the others: the operator a @QuarkusTest starts keeps running in the test JVM until that JVM ends, and would
# reconcile (and write the status of) what an apiserver test creates in the same JVM.
$MVN verify -DexcludedGroups=faults,process,integration || { "$HACK_DIR/test-failures.sh"; exit 1; }
$MVN test -Dgroups=integration || { "$HACK_DIR/test-failures.sh"; exit 1; }
"$HACK_DIR/chart-test.sh"
