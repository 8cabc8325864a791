#!/usr/bin/env bash
# Prints, after a failed `mvn verify`, each failing test with the first lines of its root cause, taken from the
# surefire/failsafe reports. CI shows the tail of the output: this puts the cause there.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
reports=("$ROOT_DIR"/*/target/surefire-reports/*.txt "$ROOT_DIR"/*/target/failsafe-reports/*.txt)
for report in "${reports[@]}"; do
  grep -qE '<<< (FAILURE|ERROR)!' "$report" || continue
  echo "=== $(basename "$report" .txt)"
  # The test line, the exception, and every "Caused by" with the frame right after it.
  grep -E -A1 '<<< (FAILURE|ERROR)!|^Caused by:' "$report" | grep -vE '^--$' | cut -c1-400 | head -40
done
