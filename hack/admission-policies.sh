#!/usr/bin/env bash
# Installs the chart's admission policies (templates/admission-policies.yaml and onboarding-policies.yaml, the chart's
# default values) into the cluster KUBECONFIG names, as `helm install` would: rendered by helm, applied server-side.
# Idempotent. `make run` and `make test` run it, so every example and every test layer meets the same policies as a
# cluster with the chart.
# Usage: admission-policies.sh [--prune-stale] [--set KEY=VALUE]...   (extra helm values, e.g. --set admission.enabled=false)
#   --prune-stale (the test layers only, on the test cluster): also deletes this group's CRDs that crds/ no longer has
#   and the release's policies and bindings the chart no longer renders, left by a run of another checkout or branch
#   on the same long-lived test cluster. Never on a user's cluster: deleting a CRD deletes every object of its kind.
set -euo pipefail
prune=false
if [[ "${1:-}" == "--prune-stale" ]]; then
  prune=true
  shift
fi
source "$(dirname "$0")/lib.sh"
"$HACK_DIR/build-tools.sh" 2>/dev/null
HELM="$TOOLS_BIN/helm-$HELM_VERSION"
CHART="$ROOT_DIR/charts/mission-control-operator"
# Release name mission-control-operator: the objects are named mission-control-operator-<policy>, as a release of
# that name installs them (a second install under that name takes them over).
# The release namespace is the operator's (mission-control-system, as make run and the tests use): the onboarding
# approvers' trust list is protected there (templates/onboarding-policies.yaml).
if ! rendered="$("$HELM" template mission-control-operator "$CHART" --namespace mission-control-system \
  --show-only templates/admission-policies.yaml --show-only templates/onboarding-policies.yaml "$@" 2>&1)"; then
  # An empty template (admission.enabled=false) is "could not find template" to helm; anything else is an error.
  if grep -q 'could not find template' <<<"$rendered"; then
    log "admission disabled by the values given; nothing to install"
    exit 0
  fi
  echo "$rendered" >&2
  exit 1
fi
# A policy whose parameters are a custom resource (paramKind) resolves that kind when the policy is compiled, which the
# API server does when the policy changes, not when the CRD appears later (kubernetes/kubernetes#122658): until then
# every request it matches is refused with "failed to find resource referenced by paramKind". So the CRDs go first (as
# Helm installs a chart's crds/ before its templates), and a policy with a paramKind that may have been compiled
# before its CRD existed is created again.
"$KUBECTL" apply --server-side --force-conflicts --field-manager=mission-control-hack -f "$ROOT_DIR/crds/" >/dev/null
"$KUBECTL" wait --for=condition=Established crd --all --timeout=60s >/dev/null
if $prune; then
  wanted="$(awk '/^kind: "?CustomResourceDefinition"?$/ {p=1; next} p && /^  name:/ {gsub(/"/, "", $2); print $2; p=0}' "$ROOT_DIR"/crds/*.yml | sort -u)"
  for crd in $("$KUBECTL" get crd -o name | sed 's|.*/||' | grep '\.missioncontrol\.dev$' || true); do
    if ! grep -qx "$crd" <<<"$wanted"; then
      log "deleting stale CRD $crd (not in crds/)"
      "$KUBECTL" delete crd "$crd" --wait=true >/dev/null
    fi
  done
fi
with_params="$("$KUBECTL" get validatingadmissionpolicies -l app.kubernetes.io/instance=mission-control-operator \
  -o jsonpath='{range .items[?(@.spec.paramKind)]}{.metadata.name}{"\n"}{end}' 2>/dev/null || true)"
for policy in $with_params; do
  "$KUBECTL" delete validatingadmissionpolicy "$policy" --ignore-not-found >/dev/null
done
echo "$rendered" | "$KUBECTL" apply --server-side --force-conflicts --field-manager=mission-control-hack -f - >/dev/null
names="$(echo "$rendered" | awk '/^kind: ValidatingAdmissionPolicy$/ {p=1; next} p && /^  name:/ {print $2; p=0}' | tr '\n' ' ')"
if $prune; then
  bindings="$(echo "$rendered" | awk '/^kind: ValidatingAdmissionPolicyBinding$/ {p=1; next} p && /^  name:/ {print $2; p=0}')"
  for kind in validatingadmissionpolicy validatingadmissionpolicybinding; do
    if [[ "$kind" == validatingadmissionpolicy ]]; then keep="$(tr ' ' '\n' <<<"$names")"; else keep="$bindings"; fi
    for obj in $("$KUBECTL" get "$kind" -l app.kubernetes.io/instance=mission-control-operator -o name | sed 's|.*/||'); do
      if ! grep -qx "$obj" <<<"$keep"; then
        log "deleting stale $kind $obj (the chart no longer renders it)"
        "$KUBECTL" delete "$kind" "$obj" --ignore-not-found >/dev/null
      fi
    done
  done
fi
log "admission policies installed: $names"
