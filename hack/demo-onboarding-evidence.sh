#!/usr/bin/env bash
# For examples/80-tenantonboarding.yaml (docs/tenantonboarding.md): once the tenant is Live, exports its go-live evidence
# bundle with `mcctl onboarding evidence export`, verifies it with mcctl against the operator's published
# onboarding-evidence key ring and the live objects, and again with the independent hack/verify-evidence.py
# (securesystemslib, in-toto-attestation) over the same live objects. Leaves the envelope, the ring and the objects in
# $RUN_DIR/onboarding/<tenant>/. Without the jar it does nothing and says so.
# Usage: demo-onboarding-evidence.sh TENANT [OPERATOR_NAMESPACE]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MCCTL_JAR="${MCCTL_JAR:-$ROOT_DIR/mcctl/target/mcctl.jar}"
RUN_DIR="${MC_RUN_DIR:-$ROOT_DIR/.run}"
tenant="$1" operator_ns="${2:-mission-control-system}"
k() { "$KUBECTL" "$@"; }
mcctl() { java -jar "$MCCTL_JAR" "$@"; }

if [[ ! -f "$MCCTL_JAR" ]]; then
  log "$MCCTL_JAR is not built (make build): the evidence of tenant $tenant is not verified"
  exit 0
fi
dir="$RUN_DIR/onboarding/$tenant"
rm -rf "$dir"
mkdir -p "$dir"
mcctl onboarding evidence export "$tenant" --operator-namespace "$operator_ns" --out "$dir/evidence.dsse.json"
mcctl onboarding evidence verify --tenant "$tenant" --from-cluster --operator-namespace "$operator_ns"

# The independent verifier: the published ring, and the live objects the evidence names, as the API server returns them.
k get configmap -n "$operator_ns" mission-control-public-keys -o jsonpath='{.data.onboarding-evidence\.json}' > "$dir/ring.json"
python3 - "$dir/evidence.dsse.json" > "$dir/subjects.txt" <<'PY'
import base64, json, sys
statement = json.loads(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))
for s in statement["subject"]:
    print(s["name"])
PY
: > "$dir/objects.yaml"
while read -r ref; do
  IFS=/ read -r kind a b <<<"$ref"
  if [[ -n "$b" ]]; then args=(-n "$a" "$kind" "$b"); else args=("$kind" "$a"); fi
  { echo "---"; k get "${args[@]}" -o yaml; } >> "$dir/objects.yaml"
done < "$dir/subjects.txt"
python3 "$HACK_DIR/verify-evidence.py" "$dir/evidence.dsse.json" "$dir/ring.json" --tenant "$tenant" --objects "$dir/objects.yaml"
log "tenant $tenant: go-live evidence ($(wc -l < "$dir/subjects.txt") objects) verified by mcctl and hack/verify-evidence.py; files in $dir"
