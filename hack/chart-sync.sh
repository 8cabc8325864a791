#!/usr/bin/env bash
# Brings into the chart what the build generates, never edited by hand:
#   crds/*.yml                          -> charts/mission-control-operator/crds/
#   dashboards/*.json (if any)          -> charts/mission-control-operator/dashboards/
#   operator/target/kubernetes/kubernetes.yml (QOSDK's RBAC) -> charts/mission-control-operator/files/rbac-rules.yaml
# `chart-sync.sh --check` changes nothing and fails, naming the file, when the chart's copy is stale.
# The RBAC rules need the operator built (mvn package); `--crds-only` copies just the CRDs (make crds).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CHART="$ROOT_DIR/charts/mission-control-operator"
MODE=sync
case "${1:-}" in
  --check) MODE=check ;;
  --crds-only) MODE=crds ;;
  "") ;;
  *) echo "usage: $0 [--check|--crds-only]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/crds" "$WORK/dashboards" "$WORK/files"
cp "$ROOT_DIR"/crds/*.yml "$WORK/crds/"
if compgen -G "$ROOT_DIR/dashboards/*.json" >/dev/null; then cp "$ROOT_DIR"/dashboards/*.json "$WORK/dashboards/"; fi
if [[ "$MODE" != crds ]]; then
  KUBE_YML="$ROOT_DIR/operator/target/kubernetes/kubernetes.yml"
  [[ -f "$KUBE_YML" ]] || { log "$KUBE_YML is missing: build the operator first (make build)"; exit 1; }
  python3 "$HACK_DIR/chart-rbac.py" "$KUBE_YML" "$WORK/files/rbac-rules.yaml"
fi

# same DIR PATTERN: the chart's DIR holds exactly the files matching PATTERN that $WORK/DIR holds, byte for byte.
stale=0
same() {
  local dir="$1" pattern="$2" f
  for f in "$WORK/$dir"/$pattern "$CHART/$dir"/$pattern; do
    [[ -e "$f" ]] || continue
    local name; name="$(basename "$f")"
    if ! cmp -s "$WORK/$dir/$name" "$CHART/$dir/$name"; then
      log "stale: charts/mission-control-operator/$dir/$name differs from what the build generates"
      stale=1
    fi
  done
}

if [[ "$MODE" == check ]]; then
  same crds '*.yml'
  same dashboards '*.json'
  same files 'rbac-rules.yaml'
  if (( stale )); then log "run \`make chart\` and commit the result"; exit 1; fi
  log "the chart's CRDs, dashboards and RBAC rules match the build"
  exit 0
fi

rm -f "$CHART"/crds/*.yml
cp "$WORK"/crds/*.yml "$CHART/crds/"
if [[ "$MODE" == sync ]]; then
  rm -f "$CHART"/dashboards/*.json
  if compgen -G "$WORK/dashboards/*.json" >/dev/null; then cp "$WORK"/dashboards/*.json "$CHART/dashboards/"; fi
  cp "$WORK/files/rbac-rules.yaml" "$CHART/files/rbac-rules.yaml"
fi
log "chart synced from the build ($MODE)"
