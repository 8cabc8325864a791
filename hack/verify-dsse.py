#!/usr/bin/env python3
"""Independent check of Mission Control signatures with securesystemslib (not the project's code).

Usage: verify-dsse.py BUNDLE PUBLIC_KEY_HEX KEYID
       verify-dsse.py --usage DIR KEYS_JSON
       verify-dsse.py --envelope ENVELOPE_JSON KEYS_JSON
       verify-dsse.py --access-review DIR KEYS_JSON

The --envelope form verifies one DSSE envelope (a CacheWarmExperiment's verdict, key verdict.dsse.json of its
<name>-verdict ConfigMap, or a FederationCohort plan statement, key envelope.json of its <cohort>-plan-<seq> ConfigMap) with a key ring the operator publishes, and prints the in-toto Statement's predicate decision.

The --access-review form verifies an AccessReview export (`mcctl access-review export`): the in-toto Statement's DSSE signature
with a key of the ring, and the SHA-256 of every file the Statement names (hashlib, not the project's code).

The second form verifies every *.usage.json (a MeteringRotation export) under DIR with a key ring the operator
publishes: the data key <purpose>.json of the ConfigMap mission-control-public-keys in its namespace.
Verifies the DSSE signature of every packet in a bundle written by `mcctl audit export`, with the
operator's Ed25519 audit key (the ring `audit.json` in ConfigMap mission-control-public-keys of the operator's
namespace: a key's `ed25519` hex and `keyid`). Prints one line per packet and exits 1 if any signature fails.
"""
import json
import sys

from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey


def usage_exports(directory, keys_json):
    import pathlib
    with open(keys_json) as f:
        keys = [SSlibKey(k["keyid"], "ed25519", "ed25519", {"public": k["ed25519"]}) for k in json.load(f)["keys"]]
    files = sorted(pathlib.Path(directory).rglob("*.usage.json"))
    failed = 0
    for path in files:
        with open(path) as f:
            envelope = Envelope.from_dict(json.load(f))
        try:
            verified = envelope.verify(keys, 1)
            usage = json.loads(envelope.payload)
            print(f"OK   {path.relative_to(directory)}: {usage['tenant']} {usage['window']} total {usage['total']} "
                  f"(key {next(iter(verified))[:12]})")
        except (VerificationError, ValueError, KeyError) as e:
            failed += 1
            print(f"FAIL {path.relative_to(directory)}: {e}")
    print(f"{len(files)} file(s), {failed} failed")
    return 1 if failed or not files else 0


def single_envelope(envelope_path, keys_json):
    with open(keys_json) as f:
        keys = [SSlibKey(k["keyid"], "ed25519", "ed25519", {"public": k["ed25519"]}) for k in json.load(f)["keys"]]
    with open(envelope_path) as f:
        envelope = Envelope.from_dict(json.load(f))
    try:
        verified = envelope.verify(keys, 1)
        statement = json.loads(envelope.payload)
        predicate = statement["predicate"]
        if "sources" in predicate:  # a federation plan statement: each source's decision, and the chain link
            decisions = " ".join(f"{s['index']}={s['decision']}" for s in predicate["sources"])
            print(f"OK   {statement['subject'][0]['name']}: {statement['predicateType']} sources {decisions}"
                  f" previous {predicate['previous'][:12]} (key {next(iter(verified))[:12]})")
            return 0
        print(f"OK   {statement['subject'][0]['name']}: {statement['predicateType']} decision {predicate['decision']}"
              f" winner {predicate.get('winner', '-')} (key {next(iter(verified))[:12]})")
        return 0
    except (VerificationError, ValueError, KeyError) as e:
        print(f"FAIL {envelope_path}: {e}")
        return 1


def access_review(directory, keys_json):
    import hashlib
    import pathlib
    with open(keys_json) as f:
        keys = [SSlibKey(k["keyid"], "ed25519", "ed25519", {"public": k["ed25519"]}) for k in json.load(f)["keys"]]
    root = pathlib.Path(directory)
    with open(root / "statement.dsse.json") as f:
        envelope = Envelope.from_dict(json.load(f))
    try:
        verified = envelope.verify(keys, 1)
    except (VerificationError, ValueError) as e:
        print(f"FAIL {directory}: signature: {e}")
        return 1
    statement = json.loads(envelope.payload)
    failed = 0
    if statement.get("_type") != "https://in-toto.io/Statement/v1" or envelope.payload_type != "application/vnd.in-toto+json":
        print(f"FAIL {directory}: not an in-toto Statement v1 in a DSSE envelope")
        failed += 1
    for subject in statement["subject"]:
        digest = hashlib.sha256((root / subject["name"]).read_bytes()).hexdigest()
        if digest != subject["digest"]["sha256"]:
            print(f"FAIL {subject['name']}: sha256 {digest} is not the signed {subject['digest']['sha256']}")
            failed += 1
    if not failed:
        p = statement["predicate"]
        print(f"OK   {directory}: run {p['run']}, {p['rows']} rows, {len(statement['subject'])} subjects "
              f"(key {next(iter(verified))[:12]})")
    return 1 if failed else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--envelope":
        return single_envelope(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 4 and sys.argv[1] == "--access-review":
        return access_review(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 4 and sys.argv[1] == "--usage":
        return usage_exports(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    bundle_path, public_hex, keyid = sys.argv[1:]
    key = SSlibKey(keyid, "ed25519", "ed25519", {"public": public_hex})
    with open(bundle_path) as f:
        bundle = json.load(f)
    failed = 0
    for packet in bundle["packets"]:
        envelope = Envelope.from_dict(packet["envelope"])
        try:
            envelope.verify([key], 1)
            statement = json.loads(envelope.payload)
            print(f"OK   {packet['request']}: {len(statement['predicate']['entries'])} entries, signature verified")
        except (VerificationError, ValueError, KeyError) as e:
            failed += 1
            print(f"FAIL {packet['request']}: {e}")
    print(f"{len(bundle['packets'])} packet(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
