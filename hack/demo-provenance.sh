#!/usr/bin/env bash
# For examples/provenance/ (docs/provenance.md): stitches the sample result files under a cohort's signed plan chain
# as a gateway would, and verifies the bundle with mcctl and with the independent verifier. Reads the chain the
# operator keeps (ConfigMaps labelled missioncontrol.dev/provenance-of=COHORT) with `mcctl provenance plan`, signs with
# a demo gateway key made once with openssl ($RUN_DIR/provenance/gateway.key), and trusts the operator's published
# provenance key rings (data keys provenance-* of ConfigMap mission-control-public-keys) for the plan statements and the
# gateway's ring for the stitch and source statements. Leaves the bundle in
# $RUN_DIR/provenance/bundle. Without the jar, or when the cohort has no plan statements yet, it does nothing and says so.
# Usage: demo-provenance.sh NAMESPACE COHORT [OPERATOR_NAMESPACE]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MCCTL_JAR="${MCCTL_JAR:-$ROOT_DIR/mcctl/target/mcctl.jar}"
RUN_DIR="${MC_RUN_DIR:-$ROOT_DIR/.run}"
ns="$1" cohort="$2" operator_ns="${3:-mission-control-system}"
k() { "$KUBECTL" "$@"; }
mcctl() { java -jar "$MCCTL_JAR" "$@"; }

if [[ ! -f "$MCCTL_JAR" ]]; then
  log "$MCCTL_JAR is not built (make build): no provenance bundle for $ns/$cohort"
  exit 0
fi
if [[ -z "$(k get configmaps -n "$ns" -l "missioncontrol.dev/provenance-of=$cohort" -o name 2>/dev/null)" ]]; then
  log "cohort $ns/$cohort has no plan statements (ConfigMaps labelled missioncontrol.dev/provenance-of=$cohort): no provenance bundle"
  exit 0
fi
dir="$RUN_DIR/provenance"
mkdir -p "$dir/rings"
mcctl provenance plan -n "$ns" "$cohort" -o "$dir/chain.jsonl"

# The demo gateway's key: Ed25519, PKCS#8 PEM; its key id is the sha256 of the raw public key (as the operator's).
if [[ ! -f "$dir/gateway.key" ]]; then
  openssl genpkey -algorithm ed25519 -out "$dir/gateway.key"
fi
public_hex="$(openssl pkey -in "$dir/gateway.key" -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')"
key_id="$(printf '%s' "$public_hex" | xxd -r -p | sha256sum | cut -d' ' -f1)"
printf '{"purpose": "gateway", "keys": [{"keyid": "%s", "ed25519": "%s"}]}\n' "$key_id" "$public_hex" > "$dir/rings/gateway.json"

# The operator's key rings, one file per purpose.
k get configmap -n "$operator_ns" mission-control-public-keys -o json | python3 -c '
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
for key, ring in (json.load(sys.stdin).get("data") or {}).items():
    (out / ("operator-" + key)).write_text(ring)' "$dir/rings"

rm -rf "$dir/bundle"
results=()
for f in "$ROOT_DIR"/examples/provenance/*.jsonl; do results+=(--result "$f"); done
mcctl provenance stitch --plan "$dir/chain.jsonl" "${results[@]}" --key "$dir/gateway.key" --key-id "$key_id" -o "$dir/bundle"
# Each role's keys verify only that role's statements: the operator's provenance rings the plan chain, the gateway's
# ring the stitch and source statements.
plan_trust=()
plan_rings=()
for r in "$dir"/rings/operator-provenance-*.json; do plan_trust+=(--trust-plan "$r"); plan_rings+=(--plan-ring "$r"); done
# --plan-head: the export must follow the plan in force now (the cohort's status), not only some plan it once had.
head="$(k get fc -n "$ns" "$cohort" -o jsonpath='{.status.provenance.headDigest}')"
mcctl provenance verify "$dir/bundle" "${plan_trust[@]}" --trust "$dir/rings/gateway.json" --plan-head "$head"
python3 "$HACK_DIR/verify-provenance.py" "$dir/bundle" "${plan_rings[@]}" "$dir/rings/gateway.json" --plan-head "$head"
