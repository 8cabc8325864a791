# Shared settings for the hack/ scripts. Source it; do not run it.
HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$HACK_DIR/.." && pwd)"
# shellcheck source=versions.env
source "$HACK_DIR/versions.env"
export MC_TOOLS_DIR="${MC_TOOLS_DIR:-$HOME/.cache/mission-control/tools}"
TOOLS_BIN="$MC_TOOLS_DIR/bin"
# kubectl, helm and kubeconform under their plain names (hack/build-tools.sh links them): what the docs put on PATH.
TOOLS_PATH="$MC_TOOLS_DIR/path"
CLUSTER_NAME="${CLUSTER_NAME:-mission-control}"
# kwokctl writes the cluster's kubeconfig here; this is the known path `make test` and `make run` use.
LOCAL_KUBECONFIG="$HOME/.kwok/clusters/$CLUSTER_NAME/kubeconfig.yaml"
KWOKCTL="$TOOLS_BIN/kwokctl-$KWOK_VERSION"
KUBECTL="$TOOLS_BIN/kubectl-$KUBERNETES_VERSION"

# The demo Prometheus (hack/demo-monitoring.sh) that make run and the chart's checks start, and the one address the
# examples use: they name http://127.0.0.1:19090, and hack/apply-examples.sh applies them with this address instead.
DEMO_PROMETHEUS_PORT="${DEMO_PROMETHEUS_PORT:-19090}"
DEMO_PROMETHEUS_ADDRESS="http://127.0.0.1:$DEMO_PROMETHEUS_PORT"
EXAMPLES_PROMETHEUS_ADDRESS="http://127.0.0.1:19090"

log() { echo "[$(basename "$0")] $*" >&2; }

# reachable KUBECONFIG_PATH: true when the API server behind that kubeconfig answers.
reachable() {
  [[ -n "${1:-}" ]] && "$KUBECTL" --kubeconfig "$1" --request-timeout=5s get --raw=/readyz >/dev/null 2>&1
}
