#!/usr/bin/env bash
# Starts the local control plane: real etcd, kube-apiserver, kube-controller-manager and kube-scheduler
# built from source, with kwok simulating nodes and kubelets, all on loopback. Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$HACK_DIR/build-tools.sh"

# What the cluster is made of: a cluster created from other versions, flags or audit policy is recreated.
# CLUSTER_NODES (simulated nodes, default 2) and CLUSTER_SERVICE_CIDR (default kwokctl's) size a cluster, as
# `make bench` does for thousands of pods and Services; they are part of what the cluster is made of.
CLUSTER_NODES="${CLUSTER_NODES:-2}"
CLUSTER_SERVICE_CIDR="${CLUSTER_SERVICE_CIDR:-}"
FINGERPRINT="$( (cat "$HACK_DIR/versions.env" "$HACK_DIR/audit-policy.yaml" "$HACK_DIR/cluster-up.sh"; echo "$CLUSTER_NODES $CLUSTER_SERVICE_CIDR") | sha256sum | cut -c1-16)"
CLUSTER_DIR="$HOME/.kwok/clusters/$CLUSTER_NAME"
FINGERPRINT_FILE="$CLUSTER_DIR/mission-control.fingerprint"
# kwokctl calls `kubectl` from PATH while it waits for the cluster: give it the pinned one (build-tools.sh links it).
export PATH="$TOOLS_PATH:$PATH"

# kwokctl_detached ARGS...: kwokctl with none of this script's open files beyond stdin/out/err. The components it
# starts outlive this script and would keep whatever they inherit open: a caller's `flock LOCKFILE make test` lock
# would stay held by the control plane for as long as it runs.
kwokctl_detached() (
  for fd in /proc/self/fd/*; do
    fd="${fd##*/}"
    if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  exec "$KWOKCTL" "$@"
)

# dead_components: the cluster's components whose process (the pid in kwokctl's pid file) is gone or a zombie.
dead_components() {
  local f pid state
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    state="$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    if [[ -z "$state" || "$state" == Z ]]; then basename "$f" .pid; fi
  done
}
# Heal: kube-controller-manager and kube-scheduler exit when they cannot renew their leader Lease (an API server
# stall), and any component may have died. `kwokctl start cluster` starts only the components that are not running,
# with the flags the cluster was created with, and keeps its etcd data.
if [[ -f "$FINGERPRINT_FILE" && "$(cat "$FINGERPRINT_FILE")" == "$FINGERPRINT" ]]; then
  dead="$(dead_components | xargs)"
  if [[ -n "$dead" ]]; then
    log "cluster $CLUSTER_NAME: not running: $dead; restarting them"
    kwokctl_detached start cluster --name "$CLUSTER_NAME" >>"$MC_TOOLS_DIR/kwokctl-$CLUSTER_NAME.log" 2>&1 \
      || log "kwokctl start cluster failed (see $MC_TOOLS_DIR/kwokctl-$CLUSTER_NAME.log)"
    still="$(dead_components | xargs)"
    if [[ -n "$still" ]]; then
      log "cluster $CLUSTER_NAME: $still did not start again"
    else
      log "cluster $CLUSTER_NAME: restarted $dead"
    fi
  fi
fi

if reachable "$LOCAL_KUBECONFIG" && [[ -z "$(dead_components)" ]]; then
  if [[ "$(cat "$FINGERPRINT_FILE" 2>/dev/null)" == "$FINGERPRINT" ]]; then
    log "cluster $CLUSTER_NAME already running; to use it: export KUBECONFIG=$LOCAL_KUBECONFIG PATH=\"$TOOLS_PATH:\$PATH\""
    exit 0
  fi
  log "cluster $CLUSTER_NAME was created by another version of hack/ (versions, flags or audit policy); recreating it"
  "$KWOKCTL" delete cluster --name "$CLUSTER_NAME" >/dev/null 2>&1 || true
elif [[ -d "$CLUSTER_DIR" ]]; then
  log "cluster $CLUSTER_NAME exists but does not answer or could not be healed (not running: $(dead_components | xargs)); recreating it"
  "$KWOKCTL" delete cluster --name "$CLUSTER_NAME" >/dev/null 2>&1 || true
fi
log "creating cluster $CLUSTER_NAME (Kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION)"

# kwokctl's binary runtime binds every component to 0.0.0.0; these patches keep them all on loopback.
# Flags given in componentsPatches come after kwokctl's own, and the last occurrence of a flag wins.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ETCD_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); KWOK_PORT=$(free_port)
CONFIG="$MC_TOOLS_DIR/kwokctl-$CLUSTER_NAME.yaml"
cat >"$CONFIG" <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
componentsPatches:
  - name: etcd
    extraArgs:
      - {key: listen-client-urls, value: "http://127.0.0.1:$ETCD_PORT"}
      - {key: advertise-client-urls, value: "http://127.0.0.1:$ETCD_PORT"}
      - {key: listen-peer-urls, value: "http://127.0.0.1:$ETCD_PEER_PORT"}
      - {key: initial-advertise-peer-urls, value: "http://127.0.0.1:$ETCD_PEER_PORT"}
      - {key: initial-cluster, value: "node0=http://127.0.0.1:$ETCD_PEER_PORT"}
  - name: kube-apiserver
    extraArgs:
      - {key: bind-address, value: 127.0.0.1}
      # The audit log (hack/audit-policy.yaml) records every write: keep it bounded on a long-lived cluster.
      - {key: audit-log-maxsize, value: "500"}
      - {key: audit-log-maxbackup, value: "1"}
      $( [[ -n "$CLUSTER_SERVICE_CIDR" ]] && echo "- {key: service-cluster-ip-range, value: \"$CLUSTER_SERVICE_CIDR\"}" )
  - name: kube-controller-manager
    extraArgs:
      - {key: bind-address, value: 127.0.0.1}
  - name: kube-scheduler
    extraArgs:
      - {key: bind-address, value: 127.0.0.1}
  - name: kwok-controller
    extraArgs:
      - {key: server-address, value: "127.0.0.1:$KWOK_PORT"}
YAML
# --kubeconfig "" keeps ~/.kube/config untouched; the cluster's own kubeconfig is written to $LOCAL_KUBECONFIG.
kwokctl_detached create cluster --name "$CLUSTER_NAME" --runtime binary --kubeconfig "" \
  --config "$CONFIG" --kube-audit-policy "$HACK_DIR/audit-policy.yaml" --etcd-port "$ETCD_PORT" --controller-port "$KWOK_PORT" \
  --kube-apiserver-binary "$TOOLS_BIN/kube-apiserver-$KUBERNETES_VERSION" \
  --kube-controller-manager-binary "$TOOLS_BIN/kube-controller-manager-$KUBERNETES_VERSION" \
  --kube-scheduler-binary "$TOOLS_BIN/kube-scheduler-$KUBERNETES_VERSION" \
  --etcd-binary "$TOOLS_BIN/etcd-$ETCD_VERSION" \
  --kwok-controller-binary "$TOOLS_BIN/kwok-$KWOK_VERSION" \
  --wait 3m >"$MC_TOOLS_DIR/kwokctl-$CLUSTER_NAME.log" 2>&1 \
  || { tail -20 "$MC_TOOLS_DIR/kwokctl-$CLUSTER_NAME.log" >&2; log "kwokctl create cluster failed"; exit 1; }
# Simulated nodes (two unless CLUSTER_NODES says otherwise): pods get scheduled, become Running and Ready, and
# Deployments become Available.
"$KWOKCTL" scale node --name "$CLUSTER_NAME" --replicas "$CLUSTER_NODES" >/dev/null 2>&1
"$KUBECTL" --kubeconfig "$LOCAL_KUBECONFIG" wait --for=condition=Ready node --all --timeout=60s >/dev/null
echo "$FINGERPRINT" >"$FINGERPRINT_FILE"
log "cluster $CLUSTER_NAME ready; kubeconfig: $LOCAL_KUBECONFIG"
log "to use it: export KUBECONFIG=$LOCAL_KUBECONFIG PATH=\"$TOOLS_PATH:\$PATH\""
