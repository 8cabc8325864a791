#!/usr/bin/env bash
# Applies examples/ (or the files given) in name order, each as the user its header names, as a person would: the
# chart's admission policies accept a request only from its requester, a decision only from a reviewer in a reviewer
# group, and refuse both from the kubeconfig's admin. A file may say who applies it:
#   # kubectl-as: alice@acme.example              (kubectl --as; RBAC for that user: examples/01-demo-access.yaml)
#   # kubectl-as-group: mission-control:reviewers (kubectl --as-group, repeatable)
# Such files are applied server-side with the user as field manager, so a second run changes nothing and the
# requester's re-apply never withdraws the reviewer's decision. Files without a header are applied as before.
# The examples name the demo Prometheus as http://127.0.0.1:19090; they are applied with $DEMO_PROMETHEUS_ADDRESS
# (hack/lib.sh, the one place it is set) in its stead.
# Usage: apply-examples.sh [FILE...]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
files=("$@")
(( ${#files[@]} )) || mapfile -t files < <(ls "$ROOT_DIR"/examples/*.yaml | sort)
# The file with the demo Prometheus's address in place of the one the examples name.
resolved() { sed "s|$EXAMPLES_PROMETHEUS_ADDRESS|$DEMO_PROMETHEUS_ADDRESS|g" "$1"; }
for f in "${files[@]}"; do
  user="$(sed -n 's/^# kubectl-as: *//p' "$f" | head -1)"
  if [[ -z "$user" ]]; then
    resolved "$f" | "$KUBECTL" apply -f -
    continue
  fi
  args=(--as="$user" --server-side --field-manager="examples-${user%%@*}")
  groups="$(sed -n 's/^# kubectl-as-group: *//p' "$f")"
  for group in $groups; do args+=(--as-group="$group"); done
  log "$(basename "$f") as $user${groups:+ in $(echo $groups)}"
  resolved "$f" | "$KUBECTL" apply "${args[@]}" -f -
done
