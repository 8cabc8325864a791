#!/usr/bin/env bash
# `make test`: the test cluster, every Maven test layer, then the chart's checks. One run at a time per
# test cluster: the operator under test watches every namespace, so two runs sharing a cluster would
# reconcile each other's resources; a second run waits for the first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${CLUSTER_NAME:?}" "${MVN:?}"
mkdir -p "$HOME/.kwok"
exec 9>"$HOME/.kwok/$CLUSTER_NAME.test.lock"
if ! flock -n 9; then
  log "another make test is using cluster $CLUSTER_NAME; waiting for it to finish"
  flock 9
fi
"$HACK_DIR/cluster-up.sh"
export KUBECONFIG="$LOCAL_KUBECONFIG"
cd "$ROOT_DIR"
$MVN verify || { "$HACK_DIR/test-failures.sh"; exit 1; }
"$HACK_DIR/chart-test.sh"
