#!/usr/bin/env python3
"""Independent check of Mission Control audit packets with securesystemslib (not the project's code).

Usage: verify-dsse.py BUNDLE PUBLIC_KEY_HEX KEYID
Verifies the DSSE signature of every packet in a bundle written by `mcctl audit export`, with the
Ed25519 public key the namespace publishes (ConfigMap mission-control-audit-public-key: ed25519.pub.hex,
keyid). Prints one line per packet and exits 1 if any signature fails.
"""
import json
import sys

from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey


def main():
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
