#!/usr/bin/env bash
# Installs the Python packages the tests use (securesystemslib, the independent DSSE verifier; in-toto-attestation, the second in-toto implementation; PyYAML) when missing.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if python3 -c 'import securesystemslib.dsse, cryptography, yaml, in_toto_attestation.v1.statement' 2>/dev/null; then
  exit 0
fi
echo "[install-python-deps] installing $(grep -v '^#' "$HERE/requirements.txt" | xargs)" >&2
python3 -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt" 2>&1 | grep -v "Running pip as the 'root' user" >&2 || true
python3 -c 'import securesystemslib.dsse, cryptography, yaml, in_toto_attestation.v1.statement'
