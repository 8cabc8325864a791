#!/usr/bin/env bash
# Stops the local control plane and removes its state.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [[ -x "$KWOKCTL" && -d "$HOME/.kwok/clusters/$CLUSTER_NAME" ]]; then
  "$KWOKCTL" delete cluster --name "$CLUSTER_NAME" >/dev/null
  log "cluster $CLUSTER_NAME deleted"
else
  log "no cluster $CLUSTER_NAME to delete"
fi
