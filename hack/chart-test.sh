#!/usr/bin/env bash
# The Helm chart's checks, run by `make test` (and `make chart-test`):
#   static   the chart matches the build (CRDs, dashboards, RBAC rules); helm lint --strict; helm template of each
#            values scenario through kubeconform -strict against schemas built locally (Kubernetes' OpenAPI, our CRDs,
#            the Prometheus Operator's CRDs; a kind without a schema fails); pod security and RBAC assertions;
#            promtool check rules on the PrometheusRule
#   install  helm install into the cluster KUBECONFIG names (every object accepted, the admission policies' CEL
#            type-checked without warnings), in both RBAC modes, then uninstall
#   rbac     the operator run against that cluster as the chart's ServiceAccount (its own token) drives every example
#            to its goal with no 403 in the API server's audit log nor in the operator's log; then, with one rule
#            removed from the chart's ClusterRole, the 403 is seen in both
#   docs     every Helm command of README.md and docs/ as written, on a fresh local cluster of its own: install and
#            rollout; watched namespaces that do not exist refused before anything changes, then created and watched;
#            ServiceMonitor and PrometheusRule skipped with a note without the Prometheus Operator's CRDs, installed
#            with them; the CRDs re-applied; uninstall leaving CRDs and resources; an upgrade from the previous chart
#            (CHART_PREVIOUS_REF) keeping the same Deployment with a replica available throughout
# Usage: chart-test.sh [static|install|rbac|docs]...   (default: all four; install and rbac need KUBECONFIG)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$HACK_DIR/build-tools.sh" 2>/dev/null
CHART="$ROOT_DIR/charts/mission-control-operator"
HELM="$TOOLS_BIN/helm-$HELM_VERSION"
KUBECONFORM="$TOOLS_BIN/kubeconform-$KUBECONFORM_VERSION"
PO_CRDS="${MC_PROMETHEUS_OPERATOR_CRDS:-$MC_TOOLS_DIR/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION}"
KUBE_VERSION="${KUBERNETES_VERSION#v}"
WORK="$(mktemp -d)"
CLEANUP=()
cleanup() { for c in "${CLEANUP[@]}"; do eval "$c" || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
k() { "$KUBECTL" "$@"; }
helm() { "$HELM" "$@"; }

# ---------------------------------------------------------------- static
schemas() { # builds the strict schema directory once per run
  local dir="$WORK/schemas/v$KUBE_VERSION-standalone-strict"
  [[ -d "$dir" ]] && return
  local kube_dir
  kube_dir="$(cd "$MC_TOOLS_DIR/src" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  python3 "$HACK_DIR/kubeconform-schemas.py" core "$kube_dir/api/openapi-spec/swagger.json" "$dir"
  python3 "$HACK_DIR/kubeconform-schemas.py" crds "$dir" "$ROOT_DIR"/crds/*.yml "$PO_CRDS"/*.yaml
}

kubeconform() { # kubeconform FILE: strict, every kind must have a schema
  "$KUBECONFORM" -strict -summary -kubernetes-version "$KUBE_VERSION" \
    -schema-location "$WORK/schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$1"
}

static_checks() {
  log "static: the chart's copies match the build"
  "$HACK_DIR/chart-sync.sh" --check
  schemas
  # A copy of the chart with one sample dashboard, so dashboards.enabled renders something even before dashboards/ has files.
  cp -r "$CHART" "$WORK/chart"
  echo '{"title": "chart-test sample", "panels": []}' >"$WORK/chart/dashboards/chart-test-sample.json"
  local scenario args apis
  # The Prometheus Operator's kinds render only where the cluster serves them (helm template: --api-versions).
  local monitoring=(--set serviceMonitor.enabled=true,prometheusRule.enabled=true,dashboards.enabled=true)
  local po_apis=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule)
  for scenario in "default" "namespaced:team-a,team-b" "everything" "no-monitoring-crds" "no-admission"; do
    apis=()
    [[ "$scenario" == everything ]] && apis=("${po_apis[@]}")
    case "$scenario" in
      default) args=() ;;
      no-admission) args=(--set admission.enabled=false) ;;
      namespaced:*) args=(--set "watchNamespaces={${scenario#namespaced:}}") ;;
      everything) args=("${monitoring[@]}") ;;
      no-monitoring-crds) args=("${monitoring[@]}") ;;
    esac
    log "static: $scenario: helm lint --strict"
    helm lint --strict --quiet "$WORK/chart" "${args[@]}" >/dev/null
    log "static: $scenario: helm template | kubeconform -strict"
    helm template mco "$WORK/chart" -n mission-control-system --include-crds --kube-version "$KUBE_VERSION" "${args[@]}" "${apis[@]}" \
      >"$WORK/$scenario.yaml"
    kubeconform "$WORK/$scenario.yaml"
    python3 "$HACK_DIR/chart-assert.py" "$scenario" <"$WORK/$scenario.yaml"
  done
  if command -v promtool >/dev/null; then
    log "static: promtool check rules on the chart's PrometheusRule"
    python3 "$HACK_DIR/chart-assert.py" rules <"$WORK/everything.yaml" >"$WORK/rules.yaml"
    promtool check rules "$WORK/rules.yaml"
    log "static: promtool test rules (hack/chart-rules.test.yml) on the chart's PrometheusRule"
    cp "$HACK_DIR/chart-rules.test.yml" "$WORK/chart-rules.test.yml"
    promtool test rules "$WORK/chart-rules.test.yml"
  else
    log "static: promtool not installed (make prometheus): the PrometheusRule's PromQL is not checked"
  fi
}

# ---------------------------------------------------------------- install
need_cluster() {
  reachable "${KUBECONFIG:-}" || { log "KUBECONFIG does not reach a cluster (make cluster-up)"; exit 1; }
}

install_checks() {
  need_cluster
  log "install: the Prometheus Operator's CRDs (for the ServiceMonitor and PrometheusRule)"
  k apply --server-side --force-conflicts -f "$PO_CRDS/" >/dev/null
  k wait --for=condition=Established crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com >/dev/null
  # helm installs crds/ only when absent; a server-side dry run shows the API server accepts the chart's copy either way.
  log "install: the API server accepts the chart's CRDs"
  k apply --server-side --force-conflicts --dry-run=server -f "$CHART/crds/" >/dev/null
  local ns=mc-chart-install
  CLEANUP+=("helm uninstall mco-all -n $ns >/dev/null 2>&1; helm uninstall mco-ns -n $ns >/dev/null 2>&1; $KUBECTL delete ns $ns mc-chart-watched --wait=false >/dev/null 2>&1")
  k wait --for=delete "namespace/$ns" namespace/mc-chart-watched --timeout=120s >/dev/null 2>&1 || true # a previous run's
  k create namespace mc-chart-watched --dry-run=client -o yaml | k apply -f - >/dev/null
  # Pod Security Admission at its strictest level: the ReplicaSet's pods are refused unless the pod is hardened.
  k create namespace "$ns" --dry-run=client -o yaml | k apply -f - >/dev/null
  k label --overwrite namespace "$ns" pod-security.kubernetes.io/enforce=restricted >/dev/null
  log "install: every namespace, every option on"
  helm install mco-all "$CHART" -n "$ns" --wait=false \
    --set serviceMonitor.enabled=true,prometheusRule.enabled=true,dashboards.enabled=true >/dev/null
  helm get manifest mco-all -n "$ns" >"$WORK/installed-all.yaml"
  k get -f "$WORK/installed-all.yaml" -o name >"$WORK/objects-all"
  log "install: a list of namespaces (namespaced Roles)"
  helm install mco-ns "$CHART" -n "$ns" --wait=false --set 'watchNamespaces={mc-chart-watched}' >/dev/null
  helm get manifest mco-ns -n "$ns" >"$WORK/installed-ns.yaml"
  k get -f "$WORK/installed-ns.yaml" -o name >"$WORK/objects-ns"
  log "install: accepted and present: $(wc -l <"$WORK/objects-all") + $(wc -l <"$WORK/objects-ns") objects"
  # kwok runs no container, but the pods must pass the restricted Pod Security level to exist at all.
  if ! k -n "$ns" wait --for=jsonpath='{.status.replicas}'=2 deployment/mco-all-mission-control-operator --timeout=60s >/dev/null; then
    k -n "$ns" get events --field-selector reason=FailedCreate -o custom-columns=MESSAGE:.message | tail -3 >&2
    log "install: the operator's pods were not created (Pod Security 'restricted' refused them?)"; exit 1
  fi
  log "install: both operator pods admitted under Pod Security 'restricted'"
  # The admission policies' CEL, type-checked by the API server against the installed CRDs: no warning.
  local warnings
  k wait --for=jsonpath='{.status.observedGeneration}'=1 validatingadmissionpolicies -l app.kubernetes.io/instance=mco-all \
    --timeout=30s >/dev/null
  warnings="$(k get validatingadmissionpolicies -l app.kubernetes.io/instance=mco-all \
    -o jsonpath='{range .items[*]}{.metadata.name}: {.status.typeChecking.expressionWarnings}{"\n"}{end}')"
  if [[ "$(echo "$warnings" | grep -c ': $')" != 11 ]]; then
    log "install: the admission policies are not eleven (five, six onboarding), or their CEL has type warnings:"; echo "$warnings" >&2; exit 1
  fi
  log "install: the eleven admission policies type-check against the CRDs and the built-in kinds"
  k -n "$ns" get deployment,service,serviceaccount,poddisruptionbudget,servicemonitor,prometheusrule -o name | sed 's/^/  /' >&2
  helm uninstall mco-all -n "$ns" >/dev/null
  helm uninstall mco-ns -n "$ns" >/dev/null
  log "install: uninstalled"
}

# ---------------------------------------------------------------- rbac
RBAC_NS=mc-chart-rbac
RBAC_RELEASE=mco
FULLNAME="$RBAC_RELEASE-mission-control-operator"
SA_USER="system:serviceaccount:$RBAC_NS:$FULLNAME"
# The rule the negative case removes from the chart's ClusterRole: recording Events.
DROP_RESOURCE="${CHART_TEST_DROP_RESOURCE:-events}"

audit() { # audit FIELD: from the API server's audit log, the chart ServiceAccount's requests: "all" or "forbidden"
  python3 - "$AUDIT_LOG" "$SA_USER" "$1" <<'PY'
import json, sys
log, user, what = sys.argv[1:]
n = 0
for line in open(log):
    e = json.loads(line)
    if e.get("user", {}).get("username") != user:
        continue
    if what == "all" or e.get("responseStatus", {}).get("code") == 403:
        n += 1
print(n)
PY
}

sa_kubeconfig() { # a kubeconfig that authenticates as the chart's ServiceAccount, with a token the API server issues
  local token server ca
  token="$(k create token "$FULLNAME" -n "$RBAC_NS" --duration=2h)"
  server="$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
  ca="$WORK/ca.crt"
  k config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$ca" 2>/dev/null || true
  [[ -s "$ca" ]] || cp "$(k config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority}')" "$ca"
  cat >"$WORK/sa-kubeconfig.yaml" <<YAML
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "$server", certificate-authority: "$ca"}}]
users: [{name: chart-sa, user: {token: "$token"}}]
contexts: [{name: chart-sa, context: {cluster: local, user: chart-sa}}]
current-context: chart-sa
YAML
}

start_operator() { # start_operator NAME: the packaged operator, authenticated as the chart's ServiceAccount
  local name="$1" port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  OPERATOR_LOG="$ROOT_DIR/.run/chart-rbac-$name.log"
  mkdir -p "$ROOT_DIR/.run"
  # The chart's environment, and the ServiceAccount's own token: exactly what the pod would run with.
  env $(cat "$WORK/operator.env") KUBECONFIG="$WORK/sa-kubeconfig.yaml" \
    java -Dquarkus.http.port="$port" -jar "$ROOT_DIR/operator/target/quarkus-app/quarkus-run.jar" >"$OPERATOR_LOG" 2>&1 &
  OPERATOR_PID=$!
  CLEANUP+=("kill $OPERATOR_PID 2>/dev/null")
  for _ in $(seq 1 90); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$OPERATOR_PID" 2>/dev/null; then log "operator $name exited before it was ready"; tail -20 "$OPERATOR_LOG" >&2; return 1; fi
    sleep 1
  done
  log "operator $name not ready after 90 s"; tail -20 "$OPERATOR_LOG" >&2; return 1
}

stop_operator() { kill "$OPERATOR_PID" 2>/dev/null || true; wait "$OPERATOR_PID" 2>/dev/null || true; }

alive_wait() { # alive_wait ARGS: `kubectl wait ARGS`, given up as soon as the operator process exits
  k wait "$@" &
  local waiter=$!
  while kill -0 "$waiter" 2>/dev/null; do
    if ! kill -0 "$OPERATOR_PID" 2>/dev/null; then
      kill "$waiter" 2>/dev/null
      log "the operator exited while waiting for $*: see $OPERATOR_LOG"
      return 1
    fi
    sleep 1
  done
  wait "$waiter"
}

wait_goals() { # every example at its goal (as `make run` shows it), as a user sees it with kubectl
  alive_wait --for=condition=Live msrc --all -n search-demo --timeout=120s \
    && alive_wait --for=condition=Connected creq --all -n search-demo --timeout=120s \
    && alive_wait --for=condition=Ready fc --all -n search-demo --timeout=180s \
    && alive_wait --for=condition=Promoted fc --all -n search-demo --timeout=300s \
    && alive_wait --for=condition=Completed pr/ranking-go -n search-demo --timeout=180s \
    && alive_wait --for=condition=Reconciled pr/query-rewrite-no-go -n search-demo --timeout=60s \
    && alive_wait --for=condition=Reconciled mr --all -n search-demo --timeout=60s \
    && alive_wait --for=jsonpath='{.status.keyId}' mr --all -n search-demo --timeout=60s \
    && alive_wait --for=condition=ErrorBudget slo/federated-latency -n search-demo --timeout=120s \
    && alive_wait --for=condition=Reconciled xaiexport --all -n search-demo --timeout=60s \
    && alive_wait --for=condition=BannersAccessible xaiexport --all -n search-demo --timeout=60s \
    && alive_wait --for=jsonpath='{.status.verdict.keyId}' cwe --all -n search-demo --timeout=240s \
    && alive_wait --for=condition=Alerting fc,pr,mr,slo,xaiexport --all -n search-demo --timeout=60s
}

remove_examples() {
  # An AccessReview holds a finalizer (its CronJob lives in the operator's namespace); with the operator stopped nothing
  # removes it, so the namespace would never go (docs/accessreview.md#deleting-a-review).
  local r
  for r in $(k get accessreviews -n search-demo -o name 2>/dev/null); do
    k patch "$r" -n search-demo --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1 || true
  done
  k delete namespace search-demo --ignore-not-found --wait=true --timeout=120s >/dev/null
}

# The chart's default Prometheus allowlist plus the loopback address the examples' demo Prometheus listens on.
EXAMPLES_PROMETHEUS=(--set-json 'operator.prometheus.allowedAddresses=["*.svc","*.svc.cluster.local","127.0.0.1"]')

rbac_checks() {
  need_cluster
  [[ -f "$ROOT_DIR/operator/target/quarkus-app/quarkus-run.jar" ]] || { log "build the operator first (make build)"; exit 1; }
  k apply --server-side --force-conflicts -f "$CHART/crds/" >/dev/null
  k wait --for=condition=Established crd --all >/dev/null
  remove_examples
  k wait --for=delete "namespace/$RBAC_NS" --timeout=120s >/dev/null 2>&1 || true # a previous run's, still terminating
  log "rbac: helm install $RBAC_RELEASE (defaults: every namespace) into $RBAC_NS"
  CLEANUP+=("helm uninstall $RBAC_RELEASE -n $RBAC_NS >/dev/null 2>&1; $KUBECTL delete ns $RBAC_NS search-demo --wait=false >/dev/null 2>&1")
  # The examples query the demo Prometheus on loopback, which the chart's default allowlist refuses: allow it here.
  helm upgrade --install "$RBAC_RELEASE" "$CHART" -n "$RBAC_NS" --create-namespace --wait=false "${EXAMPLES_PROMETHEUS[@]}" >/dev/null
  helm get manifest "$RBAC_RELEASE" -n "$RBAC_NS" | python3 "$HACK_DIR/chart-assert.py" env "$RBAC_NS" "$FULLNAME-rbac-test" >"$WORK/operator.env"
  log "rbac: the operator's environment from the chart: $(tr '\n' ' ' <"$WORK/operator.env")"
  AUDIT_LOG="${AUDIT_LOG:-$(dirname "$KUBECONFIG")/logs/audit.log}"
  if [[ ! -f "$AUDIT_LOG" ]] || ! grep -q 'kube-audit-policy\|audit-policy' "$(dirname "$KUBECONFIG")/kwok.yaml" 2>/dev/null; then
    log "no API server audit log at $AUDIT_LOG: this cluster predates hack/audit-policy.yaml; recreate it (make cluster-down)"
    exit 1
  fi
  sa_kubeconfig

  local started_monitoring=0
  [[ -f "$ROOT_DIR/.run/prometheus.pid" ]] || started_monitoring=1
  "$HACK_DIR/demo-monitoring.sh"
  if (( started_monitoring )); then
    CLEANUP+=("$HACK_DIR/demo-monitoring.sh stop")
  fi

  log "rbac: positive: every example to its goal as $SA_USER"
  local before after seen_before seen
  before="$(audit forbidden)"; seen_before="$(audit all)"
  start_operator positive
  "$HACK_DIR/apply-examples.sh" >/dev/null 2>&1
  local goals=ok
  wait_goals >/dev/null || goals=failed
  # every namespace: the example tenant goes Live (namespaces, quotas, bindings, flags, evidence) as the chart's ServiceAccount
  alive_wait --for=jsonpath='{.status.phase}'=Live tonb/acme --timeout=120s >/dev/null || goals=failed
  stop_operator
  sleep 2 # the audit backend writes in batches
  after="$(audit forbidden)"; seen="$(audit all)"
  local logged
  logged="$(grep -ciE 'forbidden|code=403| 403 ' "$OPERATOR_LOG" || true)"
  if (( seen == seen_before )); then
    log "rbac: FAILED: the audit log recorded no request of $SA_USER: the check would see nothing"; exit 1
  fi
  if [[ "$goals" != ok || "$after" != "$before" || "$logged" != 0 ]]; then
    k get fc,msrc,creq,pr,mr,slo -n search-demo >&2 || true
    grep -iE 'forbidden|403' "$OPERATOR_LOG" | head -5 >&2 || true
    log "rbac: FAILED: goals $goals; the API server answered $((after - before)) requests with 403; the operator log has $logged Forbidden lines ($OPERATOR_LOG)"
    exit 1
  fi
  log "rbac: positive: every example reached its goal; of $((seen - seen_before)) audited requests by $SA_USER none was forbidden, nor does the operator log show a 403"
  # Keys and records: in the release namespace only; no Secret written anywhere else; public keys readable by anyone.
  k get secret mission-control-signing-audit -n "$RBAC_NS" >/dev/null \
    || { log "rbac: FAILED: the audit signing key is not in the release namespace $RBAC_NS"; exit 1; }
  if k get secrets -n search-demo -o json | grep -qiE '"(private|current)\.(pem|key)"'; then
    log "rbac: FAILED: a private key sits in the tenant namespace search-demo"; exit 1
  fi
  local verb
  for verb in create update patch; do
    if [[ "$(k auth can-i "$verb" secrets -n search-demo --as="$SA_USER" 2>/dev/null)" != no ]]; then
      log "rbac: FAILED: the operator may $verb Secrets in a tenant namespace"; exit 1
    fi
  done
  [[ "$(k auth can-i update secrets -n "$RBAC_NS" --as="$SA_USER" 2>/dev/null)" == yes ]] \
    || { log "rbac: FAILED: the operator may not update its key Secrets in $RBAC_NS"; exit 1; }
  [[ "$(k auth can-i get configmaps/mission-control-public-keys -n "$RBAC_NS" --as=someone --as-group=system:authenticated 2>/dev/null)" == yes \
     && "$(k auth can-i get secrets -n "$RBAC_NS" --as=someone --as-group=system:authenticated 2>/dev/null)" == no ]] \
    || { log "rbac: FAILED: any authenticated user must read the public keys and no Secret of $RBAC_NS"; exit 1; }
  log "rbac: keys: the signing key lives in $RBAC_NS; the operator cannot create, update or patch a Secret in a tenant namespace; anyone reads the public keys"
  remove_examples

  log "rbac: negative: the chart's ClusterRole without its '$DROP_RESOURCE' rule must produce a 403"
  k get clusterrole "$FULLNAME" -o json | python3 -c '
import json, sys
role = json.load(sys.stdin)
drop = sys.argv[1]
kept = [r for r in role["rules"] if drop not in r["resources"]]
if len(kept) == len(role["rules"]):
    sys.exit("no rule for " + drop + " in the ClusterRole")
role["rules"] = kept
json.dump(role, sys.stdout)' "$DROP_RESOURCE" | k replace -f - >/dev/null
  before="$(audit forbidden)"
  start_operator negative
  "$HACK_DIR/apply-examples.sh" "$ROOT_DIR"/examples/{00,01,10,11,12,13}-*.yaml >/dev/null 2>&1
  k wait --for=condition=Connected creq --all -n search-demo --timeout=120s >/dev/null || true
  stop_operator
  sleep 2
  after="$(audit forbidden)"
  logged="$(grep -ciE 'forbidden' "$OPERATOR_LOG" || true)"
  remove_examples
  helm upgrade "$RBAC_RELEASE" "$CHART" -n "$RBAC_NS" --wait=false >/dev/null # puts the rule back
  if [[ "$after" == "$before" || "$logged" == 0 ]]; then
    log "rbac: FAILED: without the '$DROP_RESOURCE' rule nothing was forbidden (403s: $((after - before)), log lines: $logged): the check cannot fail"
    exit 1
  fi
  log "rbac: negative: without the '$DROP_RESOURCE' rule the API server answered $((after - before)) requests with 403 and the log names them ($logged lines), as it must"

  # A list of watched namespaces: Roles in each, and nothing cluster-wide but the CRD read.
  log "rbac: namespaced: watchNamespaces={search-demo}: every example to its goal with namespaced Roles"
  k wait --for=delete namespace/search-demo --timeout=120s >/dev/null 2>&1 || true
  k apply -f "$ROOT_DIR/examples/00-namespace.yaml" >/dev/null # the Role needs its namespace
  helm upgrade "$RBAC_RELEASE" "$CHART" -n "$RBAC_NS" --set 'watchNamespaces={search-demo}' --wait=false "${EXAMPLES_PROMETHEUS[@]}" >/dev/null
  if k get clusterrolebinding "$FULLNAME" >/dev/null 2>&1 || ! k get rolebinding "$FULLNAME" -n search-demo >/dev/null 2>&1; then
    log "rbac: FAILED: with watchNamespaces the chart must bind a Role in search-demo and no cluster-wide role for the namespaced rules"; exit 1
  fi
  helm get manifest "$RBAC_RELEASE" -n "$RBAC_NS" | python3 "$HACK_DIR/chart-assert.py" env "$RBAC_NS" "$FULLNAME-rbac-test" >"$WORK/operator.env"
  grep -q '^WATCH_NAMESPACES=search-demo$' "$WORK/operator.env" || { log "rbac: FAILED: WATCH_NAMESPACES not set by the chart"; exit 1; }
  before="$(audit forbidden)"; seen_before="$(audit all)"
  start_operator namespaced
  "$HACK_DIR/apply-examples.sh" >/dev/null 2>&1
  goals=ok
  wait_goals >/dev/null || goals=failed
  stop_operator
  sleep 2
  after="$(audit forbidden)"; seen="$(audit all)"
  logged="$(grep -ciE 'forbidden|code=403| 403 ' "$OPERATOR_LOG" || true)"
  remove_examples
  if [[ "$goals" != ok || "$after" != "$before" || "$logged" != 0 || "$seen" == "$seen_before" ]]; then
    grep -iE 'forbidden|403' "$OPERATOR_LOG" | head -5 >&2 || true
    log "rbac: FAILED (namespaced): goals $goals; the API server answered $((after - before)) requests with 403; the operator log has $logged Forbidden lines ($OPERATOR_LOG)"
    exit 1
  fi
  log "rbac: namespaced: every example reached its goal; of $((seen - seen_before)) audited requests none was forbidden"
  helm uninstall "$RBAC_RELEASE" -n "$RBAC_NS" >/dev/null
}

# ---------------------------------------------------------------- docs
# The Helm commands the docs give, run as written on a fresh local cluster of their own (no Prometheus Operator CRDs,
# none of the test cluster's objects), with the tools `make tools` puts on the docs' PATH.
DOCS_CLUSTER="${CHART_DOCS_CLUSTER:-mission-control-helm}"
# The previous chart: the chart at the last commit a release was cut from (here: the last landed change of the chart).
CHART_PREVIOUS_REF="${CHART_PREVIOUS_REF:-f1cd5ccbd12d24fc4d02d9865988e13e362e08e6}"

doc_commands() { # every command of README.md and docs/*.md shell blocks that names this chart or its release
  python3 - "$ROOT_DIR" <<'PY'
import glob, os, re, sys
root = sys.argv[1]
seen = []
for path in [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
    block = None
    for line in open(path):
        if line.startswith("```"):
            block = [] if block is None and line.strip() in ("```sh", "```bash", "```shell") else None
            continue
        if block is None:
            continue
        block.append(line.rstrip("\n"))
        if line.rstrip("\n").endswith("\\"):
            continue
        cmd = " ".join(l.rstrip("\\").strip() for l in block)
        block = []
        cmd = re.sub(r"\s+#\s.*$", "", cmd).strip()   # a trailing comment
        if not re.match(r"(helm|kubectl) ", cmd):
            continue
        if re.search(r"charts/mission-control-operator|\bmission-control(-system)?\b", cmd) or cmd.startswith("kubectl create namespace"):
            if cmd not in seen:
                seen.append(cmd)
for c in seen:
    print(c)
PY
}

docs_checks() (
  # A subshell (its KUBECONFIG, PATH and directory stay here) with cleanups of its own: the poller, the cluster.
  CLEANUP=()
  trap 'for c in "${CLEANUP[@]}"; do eval "$c" || true; done' EXIT
  local kubeconfig="$HOME/.kwok/clusters/$DOCS_CLUSTER/kubeconfig.yaml"
  log "docs: a fresh cluster $DOCS_CLUSTER"
  CLUSTER_NAME="$DOCS_CLUSTER" "$HACK_DIR/cluster-down.sh" >/dev/null 2>&1 || true
  CLUSTER_NAME="$DOCS_CLUSTER" "$HACK_DIR/cluster-up.sh" >/dev/null 2>&1 \
    || { log "docs: FAILED: could not start the cluster $DOCS_CLUSTER"; exit 1; }
  if [[ "${CHART_DOCS_KEEP_CLUSTER:-}" != 1 ]]; then
    CLEANUP+=("CLUSTER_NAME=$DOCS_CLUSTER $HACK_DIR/cluster-down.sh >/dev/null 2>&1")
  fi
  export KUBECONFIG="$kubeconfig" PATH="$TOOLS_PATH:$PATH"
  cd "$ROOT_DIR"

  local commands install="" rollout="" create_ns="" upgrade_ns="" crds="" uninstall="" cmd
  mapfile -t commands < <(doc_commands)
  for cmd in "${commands[@]}"; do
    case "$cmd" in
      "helm install mission-control charts/mission-control-operator "*) install="$cmd" ;;
      "kubectl -n mission-control-system rollout status "*) rollout="$cmd" ;;
      "kubectl create namespace "*) create_ns="$cmd" ;;
      "helm upgrade --install mission-control charts/mission-control-operator "*watchNamespaces*) upgrade_ns="$cmd" ;;
      "kubectl apply --server-side --force-conflicts -f charts/mission-control-operator/crds/") crds="$cmd" ;;
      "helm uninstall mission-control "*) uninstall="$cmd" ;;
      helm\ *) log "docs: FAILED: the docs give a Helm command this check does not run: $cmd"; exit 1 ;;
      *) ;;  # other kubectl commands naming the release's namespace are not part of the install story
    esac
  done
  local missing=()
  for cmd in install rollout create_ns upgrade_ns crds uninstall; do [[ -n "${!cmd}" ]] || missing+=("$cmd"); done
  (( ${#missing[@]} == 0 )) || { log "docs: FAILED: docs/install.md no longer gives the command(s): ${missing[*]}"; exit 1; }
  local watched
  watched="$(sed -E "s/.*watchNamespaces=\{([^}]*)\}.*/\1/" <<<"$upgrade_ns" | tr ',' ' ')"

  run_doc() { # run_doc CMD: as a reader would paste it (bounded in time); its output in $WORK/doc.out
    log "docs: \$ $1"
    timeout 300 bash -c "$1" >"$WORK/doc.out" 2>&1
  }
  release_state() { # the release's revision and the resourceVersion of every object it owns
    helm status mission-control -n mission-control-system -o json | python3 -c 'import json,sys; print("revision", json.load(sys.stdin)["version"])'
    k get "$(k api-resources --verbs=list -o name | paste -sd, -)" -A -l app.kubernetes.io/instance=mission-control \
      -o custom-columns=KIND:.kind,NS:.metadata.namespace,NAME:.metadata.name,RV:.metadata.resourceVersion --no-headers 2>/dev/null | sort
  }

  run_doc "$install" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the documented install"; exit 1; }
  run_doc "$rollout" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the operator did not roll out"; exit 1; }
  log "docs: installed and rolled out"

  # Watched namespaces that do not exist yet: refused, naming them, before anything is changed.
  release_state >"$WORK/state-before"
  if run_doc "$upgrade_ns"; then
    log "docs: FAILED: the upgrade with watchNamespaces={$watched} succeeded although those namespaces do not exist"; exit 1
  fi
  local ns
  for ns in $watched; do
    grep -q "namespace(s) .*$ns.* do not exist; create them first" "$WORK/doc.out" \
      || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the error does not name the missing namespace $ns"; exit 1; }
  done
  release_state >"$WORK/state-after"
  diff "$WORK/state-before" "$WORK/state-after" >&2 \
    || { log "docs: FAILED: the refused upgrade changed the release (above)"; exit 1; }
  log "docs: missing watched namespaces refused with their names; the release unchanged ($(wc -l <"$WORK/state-after") lines of state)"
  # The same on a first install: no release and no object of it (Helm has already applied crds/, which exist here).
  if helm install mco-missing "$CHART" -n mission-control-system --set 'watchNamespaces={no-such-namespace}' >"$WORK/doc.out" 2>&1; then
    log "docs: FAILED: a first install watching a missing namespace succeeded"; exit 1
  fi
  grep -q "namespace(s) no-such-namespace do not exist" "$WORK/doc.out" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the error does not name no-such-namespace"; exit 1; }
  if helm status mco-missing -n mission-control-system >/dev/null 2>&1 \
     || [[ -n "$(k get "$(k api-resources --verbs=list -o name | paste -sd, -)" -A -l app.kubernetes.io/instance=mco-missing -o name 2>/dev/null)" ]]; then
    log "docs: FAILED: the refused first install left a release or objects behind"; exit 1
  fi
  log "docs: a first install watching a missing namespace refused, leaving no release and no object"

  # As documented: create them, then the same command works; no Prometheus Operator CRDs yet, so both are skipped with a note.
  run_doc "$create_ns" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: $create_ns"; exit 1; }
  run_doc "$upgrade_ns" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the documented upgrade with watchNamespaces"; exit 1; }
  grep -q "serves no ServiceMonitor" "$WORK/doc.out" && grep -q "serves no PrometheusRule" "$WORK/doc.out" \
    || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the notes do not say the ServiceMonitor and PrometheusRule were skipped"; exit 1; }
  for ns in $watched; do
    k get rolebinding mission-control-mission-control-operator -n "$ns" >/dev/null \
      || { log "docs: FAILED: no operator RoleBinding in the watched namespace $ns"; exit 1; }
  done
  [[ "$(k -n mission-control-system get deployment mission-control-mission-control-operator \
      -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="WATCH_NAMESPACES")].value}')" == "$(tr ' ' ',' <<<"$watched")" ]] \
    || { log "docs: FAILED: WATCH_NAMESPACES is not the watched namespaces"; exit 1; }
  run_doc "$rollout" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: no rollout after the upgrade"; exit 1; }
  log "docs: watching $watched; ServiceMonitor and PrometheusRule skipped with a note (no Prometheus Operator CRDs)"

  # With the Prometheus Operator's CRDs, the same command adds them.
  k apply --server-side -f "$PO_CRDS/" >/dev/null
  k wait --for=condition=Established crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com >/dev/null
  run_doc "$upgrade_ns" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: the upgrade with the Prometheus Operator's CRDs"; exit 1; }
  ! grep -q "serves no" "$WORK/doc.out" || { log "docs: FAILED: a skipped-monitoring note although the CRDs exist"; exit 1; }
  k -n mission-control-system get servicemonitor/mission-control-mission-control-operator \
    prometheusrule/mission-control-mission-control-operator >/dev/null \
    || { log "docs: FAILED: no ServiceMonitor or PrometheusRule with the Prometheus Operator's CRDs"; exit 1; }
  run_doc "$crds" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: $crds"; exit 1; }
  log "docs: ServiceMonitor and PrometheusRule installed once the CRDs exist; the CRDs re-applied server-side"

  # Uninstall: the CRDs and the resources made with them stay.
  k apply -f examples/00-namespace.yaml -f examples/40-searchslo.yaml >/dev/null
  local crd_count
  crd_count="$(ls "$CHART"/crds/*.yml | wc -l)"
  run_doc "$uninstall" || { cat "$WORK/doc.out" >&2; log "docs: FAILED: $uninstall"; exit 1; }
  [[ "$(k get crd -o name | grep -c '\.missioncontrol\.dev$')" == "$crd_count" ]] \
    || { log "docs: FAILED: the uninstall removed CRDs"; exit 1; }
  k get slo/federated-latency -n search-demo >/dev/null || { log "docs: FAILED: the uninstall removed a SearchSLO"; exit 1; }
  if k get deployment mission-control-mission-control-operator -n mission-control-system >/dev/null 2>&1; then
    log "docs: FAILED: the operator Deployment is still there after the uninstall"; exit 1
  fi
  log "docs: uninstalled: $crd_count CRDs and the SearchSLO made with them stay"

  # An upgrade from the previous chart keeps the operator running: the same Deployment, never without an available replica.
  git -C "$ROOT_DIR" cat-file -e "$CHART_PREVIOUS_REF^{commit}" 2>/dev/null \
    || { log "docs: FAILED: the previous chart's commit $CHART_PREVIOUS_REF is not in this clone (a shallow clone?)"; exit 1; }
  mkdir -p "$WORK/previous"
  git -C "$ROOT_DIR" archive "$CHART_PREVIOUS_REF" charts/mission-control-operator | tar -x -C "$WORK/previous"
  local up=mc-chart-upgrade deploy=mco-mission-control-operator uid avail
  log "docs: helm install mco from the previous chart ($CHART_PREVIOUS_REF), then helm upgrade to this one"
  helm install mco "$WORK/previous/charts/mission-control-operator" -n "$up" --create-namespace --wait --timeout 3m >/dev/null
  uid="$(k -n "$up" get deployment "$deploy" -o jsonpath='{.metadata.uid}')"
  ( while :; do k -n "$up" get deployment "$deploy" -o jsonpath='{.status.availableReplicas}{"\n"}' 2>/dev/null || echo gone; sleep 0.5; done ) \
    >"$WORK/available" &
  local poller=$!
  CLEANUP+=("kill $poller 2>/dev/null")
  # A new pod template, as a new image would bring, so the upgrade rolls the pods.
  helm upgrade mco "$CHART" -n "$up" --wait --timeout 3m --set-string "podAnnotations.chart-test/upgraded-from=${CHART_PREVIOUS_REF:0:12}" >/dev/null \
    || { kill "$poller"; log "docs: FAILED: helm upgrade from the previous chart"; exit 1; }
  k -n "$up" rollout status deployment "$deploy" --timeout=120s >/dev/null
  kill "$poller" 2>/dev/null; wait "$poller" 2>/dev/null || true
  [[ "$(k -n "$up" get replicasets -l app.kubernetes.io/instance=mco -o name | wc -l)" -ge 2 ]] \
    || { log "docs: FAILED: the upgrade rolled no new pods (one ReplicaSet): the check saw no rollout"; exit 1; }
  [[ "$(k -n "$up" get deployment "$deploy" -o jsonpath='{.metadata.uid}')" == "$uid" ]] \
    || { log "docs: FAILED: the upgrade replaced the operator Deployment"; exit 1; }
  avail="$(sort -n "$WORK/available" | head -1)"
  if [[ ! "$avail" =~ ^[0-9]+$ ]] || (( avail < 1 )); then
    log "docs: FAILED: during the upgrade the operator had $avail available replicas ($(wc -l <"$WORK/available") samples)"; exit 1
  fi
  log "docs: upgraded from the previous chart with a rollout: the same Deployment, at least $avail available replica(s) in each of $(wc -l <"$WORK/available") samples"
  helm uninstall mco -n "$up" >/dev/null
)

PHASES=("$@")
(( ${#PHASES[@]} )) || PHASES=(static install rbac docs)
for phase in "${PHASES[@]}"; do
  start=$SECONDS
  case "$phase" in
    static) static_checks ;;
    install) install_checks ;;
    rbac) rbac_checks ;;
    docs) docs_checks ;;
    *) echo "usage: $0 [static|install|rbac|docs]..." >&2; exit 2 ;;
  esac
  log "$phase: passed in $((SECONDS - start)) s"
done
