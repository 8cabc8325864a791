#!/usr/bin/env bash
# Starts the local control plane: real etcd, kube-apiserver, kube-controller-manager and kube-scheduler
# built from source, with kwok simulating nodes and kubelets, all on loopback. Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$HACK_DIR/build-tools.sh"

if reachable "$LOCAL_KUBECONFIG"; then
  log "cluster $CLUSTER_NAME already running; kubeconfig: $LOCAL_KUBECONFIG"
  exit 0
fi
if [[ -d "$HOME/.kwok/clusters/$CLUSTER_NAME" ]]; then
  log "cluster $CLUSTER_NAME exists but does not answer (machine restarted?); recreating it"
  "$KWOKCTL" delete cluster --name "$CLUSTER_NAME" >/dev/null 2>&1 || true
fi
log "creating cluster $CLUSTER_NAME (Kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION)"
# --kubeconfig "" keeps ~/.kube/config untouched; the cluster's own kubeconfig is written to $LOCAL_KUBECONFIG.
"$KWOKCTL" create cluster --name "$CLUSTER_NAME" --runtime binary --kubeconfig "" \
  --kube-apiserver-binary "$TOOLS_BIN/kube-apiserver-$KUBERNETES_VERSION" \
  --kube-controller-manager-binary "$TOOLS_BIN/kube-controller-manager-$KUBERNETES_VERSION" \
  --kube-scheduler-binary "$TOOLS_BIN/kube-scheduler-$KUBERNETES_VERSION" \
  --etcd-binary "$TOOLS_BIN/etcd-$ETCD_VERSION" \
  --kwok-controller-binary "$TOOLS_BIN/kwok-$KWOK_VERSION" \
  --wait 3m >/dev/null
# Two simulated nodes: pods get scheduled, become Running and Ready, and Deployments become Available.
"$KWOKCTL" scale node --name "$CLUSTER_NAME" --replicas 2 >/dev/null 2>&1
"$KUBECTL" --kubeconfig "$LOCAL_KUBECONFIG" wait --for=condition=Ready node --all --timeout=60s >/dev/null
log "cluster $CLUSTER_NAME ready; kubeconfig: $LOCAL_KUBECONFIG"
