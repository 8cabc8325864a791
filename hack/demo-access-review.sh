#!/usr/bin/env bash
# For examples/70-accessreview.yaml (on kwok its CronJob never runs a container): runs the review's export as the
# operator scheduled it. It reads the args the operator put on the review's CronJob (in the operator's namespace,
# labelled with the review's namespace and name), so this run and the CronJob's cannot drift, and runs them with
# mcctl/target/mcctl.jar (make build) under KUBECONFIG's identity; only the job's volume (/export) becomes
# $RUN_DIR/access-review. Without the jar it runs nothing, and says so.
# Usage: demo-access-review.sh NAMESPACE NAME [OPERATOR_NAMESPACE]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MCCTL_JAR="${MCCTL_JAR:-$ROOT_DIR/mcctl/target/mcctl.jar}"
RUN_DIR="${MC_RUN_DIR:-$ROOT_DIR/.run}"
ns="$1" name="$2" operator_ns="${3:-mission-control-system}"
k() { "$KUBECTL" "$@"; }

if [[ ! -f "$MCCTL_JAR" ]]; then
  log "$MCCTL_JAR is not built (make build): the AccessReview $ns/$name is not exported"
  exit 0
fi
selector="missioncontrol.dev/access-review-namespace=$ns,missioncontrol.dev/access-review-name=$name"
args=""
for _ in $(seq 1 120); do
  args="$(k get cronjobs -n "$operator_ns" -l "$selector" -o json | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
if items:
    for a in items[0]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"]:
        print(a)')" || true
  [[ -n "$args" ]] && break
  sleep 1
done
if [[ -z "$args" ]]; then
  log "no CronJob of the AccessReview $ns/$name in $operator_ns after 120 s"
  exit 1
fi
mkdir -p "$RUN_DIR/access-review"
mapfile -t argv < <(sed "s#^/export/#$RUN_DIR/access-review/#" <<<"$args")
log "running the CronJob's command locally: mcctl ${argv[*]}"
java -Xmx128m -jar "$MCCTL_JAR" "${argv[@]}" >"$RUN_DIR/access-review.log" 2>&1 \
  || { cat "$RUN_DIR/access-review.log" >&2; log "mcctl access-review export failed"; exit 1; }
cat "$RUN_DIR/access-review.log" >&2
