#!/usr/bin/env bash
# Builds the pinned control-plane binaries from source through the Go module proxy and caches
# them by version under $MC_TOOLS_DIR (outside the repository). A second run builds nothing.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
MC_TOOLS_DIR="${MC_TOOLS_DIR:-$HOME/.cache/mission-control/tools}"
BIN="$MC_TOOLS_DIR/bin"
WORK="$MC_TOOLS_DIR/src"
mkdir -p "$BIN" "$WORK"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0

log() { echo "[build-tools] $*" >&2; }

# build NAME VERSION MODULE_DIR PACKAGE
build() {
  local name="$1" version="$2" moddir="$3" pkg="$4" out="$BIN/$1-$2"
  if [[ -x "$out" ]]; then log "$name $version cached"; return; fi
  log "building $name $version (first time only; takes minutes)"
  (cd "$moddir" && go build -trimpath -ldflags "-s -w" -o "$out.tmp" "$pkg") && mv "$out.tmp" "$out"
}

kube_module() {
  local dir="$WORK/kubernetes-$KUBERNETES_VERSION"
  if [[ -f "$dir/.ready" ]]; then echo "$dir"; return; fi
  mkdir -p "$dir"
  local staging="v0.${KUBERNETES_VERSION#v1.}"
  (
    cd "$dir"
    rm -f go.mod go.sum
    go mod init mission-control/k8s-tools >/dev/null 2>&1
    go mod edit -require "k8s.io/kubernetes@$KUBERNETES_VERSION"
    # k8s.io/kubernetes replaces its staging modules with local folders; point them at the published ones.
    local modfile
    go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >/dev/null
    modfile="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
    grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging' "$modfile" | awk '{print $1}' | while read -r m; do
      go mod edit -replace "$m=$m@$staging"
    done
    cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
    go mod tidy -e >/dev/null 2>&1 || true
    go mod download
    touch .ready
  ) >&2
  echo "$dir"
}

simple_module() { # simple_module NAME MODULE VERSION PACKAGE...
  local dir="$WORK/$1-$3"
  if [[ -f "$dir/.ready" ]]; then echo "$dir"; return; fi
  mkdir -p "$dir"
  (
    cd "$dir"
    rm -f go.mod go.sum
    go mod init "mission-control/$1-tools" >/dev/null 2>&1
    go mod edit -require "$2@$3"
    { printf '//go:build tools\n\npackage tools\n\n'; for p in "${@:4}"; do printf 'import _ "%s"\n' "$p"; done; } > tools.go
    go mod tidy -e >/dev/null 2>&1 || true
    touch .ready
  ) >&2
  echo "$dir"
}

need() { for n in "$@"; do [[ -x "$BIN/$n" ]] || return 1; done; }

KUBE_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
if ! need "${KUBE_COMMANDS[@]/%/-$KUBERNETES_VERSION}"; then
  KDIR="$(kube_module)"
  for c in "${KUBE_COMMANDS[@]}"; do
    build "$c" "$KUBERNETES_VERSION" "$KDIR" "k8s.io/kubernetes/cmd/$c"
  done
fi
if ! need "etcd-$ETCD_VERSION"; then
  EDIR="$(simple_module etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3)"
  build etcd "$ETCD_VERSION" "$EDIR" go.etcd.io/etcd/server/v3
fi
if ! need "kwok-$KWOK_VERSION" "kwokctl-$KWOK_VERSION"; then
  WDIR="$(simple_module kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl)"
  build kwok "$KWOK_VERSION" "$WDIR" sigs.k8s.io/kwok/cmd/kwok
  build kwokctl "$KWOK_VERSION" "$WDIR" sigs.k8s.io/kwok/cmd/kwokctl
fi
if ! need "helm-$HELM_VERSION"; then
  HDIR="$(simple_module helm helm.sh/helm/v3 "$HELM_VERSION" helm.sh/helm/v3/cmd/helm)"
  build helm "$HELM_VERSION" "$HDIR" helm.sh/helm/v3/cmd/helm
fi
if ! need "kubeconform-$KUBECONFORM_VERSION"; then
  CDIR="$(simple_module kubeconform github.com/yannh/kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform/cmd/kubeconform)"
  build kubeconform "$KUBECONFORM_VERSION" "$CDIR" github.com/yannh/kubeconform/cmd/kubeconform
fi
# The Prometheus Operator's CRDs (PrometheusRule, ServiceMonitor), taken from its published Go module: tests
# install them to prove the operator's PrometheusRules are accepted by the real schema.
PO_CRDS="$MC_TOOLS_DIR/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION"
if [[ ! -f "$PO_CRDS/.ready" ]]; then
  log "fetching the Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRDs from the Go module proxy"
  PO_DIR="$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json \
    "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$PO_CRDS"
  for kind in prometheusrules servicemonitors; do
    cp "$PO_DIR/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$PO_CRDS/"
  done
  touch "$PO_CRDS/.ready"
fi
# Unversioned names for the commands the docs show (kubectl, helm, kubeconform), in one directory to put on PATH.
PATH_DIR="$MC_TOOLS_DIR/path"
mkdir -p "$PATH_DIR"
ln -sfn "$BIN/kubectl-$KUBERNETES_VERSION" "$PATH_DIR/kubectl"
ln -sfn "$BIN/helm-$HELM_VERSION" "$PATH_DIR/helm"
ln -sfn "$BIN/kubeconform-$KUBECONFORM_VERSION" "$PATH_DIR/kubeconform"
log "tools ready in $BIN; for the docs' kubectl, helm and kubeconform commands: export PATH=\"$PATH_DIR:\$PATH\""
