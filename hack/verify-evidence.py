#!/usr/bin/env python3
"""Independent check of a tenant's go-live evidence bundle (`mcctl onboarding evidence export`), with none of the project's code.

Usage: verify-evidence.py ENVELOPE_JSON KEYS_JSON [--tenant ID] [--objects PATH]

ENVELOPE_JSON: the DSSE envelope (data key evidence.dsse.json of ConfigMap tenant-<id>-evidence in the operator's namespace).
KEYS_JSON: the key ring the operator publishes for purpose onboarding-evidence (data key onboarding-evidence.json of ConfigMap
mission-control-public-keys): {"purpose", "keys": [{"keyid", "ed25519", "createdAt", "retiredAt"}]}; a retired key is
trusted only for a bundle whose goLiveAt is before its retiredAt (a rotation does not void what the key signed before). --tenant: the evidence must be of this tenant. --objects: a manifest file or directory (YAML or JSON,
multi-document, kind: List) holding the live objects; every subject's digest is recomputed from it (hashlib over the canonical
spec: the object without status and server-written metadata, keys sorted, no whitespace) and every object that changed or is
missing since go-live is reported.

The DSSE signature is checked with securesystemslib; the Statement is parsed into the in-toto attestation protobuf and validated
by the in-toto-attestation library. Prints one line per failure, `FAIL <ReasonCode> <where>: <message>`, with the reason codes of
docs/tenant-onboarding.md (the same as `mcctl onboarding evidence verify`); exit 0 verified (and no drift), 1 refused or drifted,
2 unreadable input.
"""
import hashlib
import json
import pathlib
import re
import sys
from datetime import datetime

import yaml
from google.protobuf import json_format
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
EVIDENCE_TYPE = "https://missioncontrol.dev/onboarding/evidence/v1"
SERVER_METADATA = ("resourceVersion", "uid", "generation", "creationTimestamp", "deletionTimestamp",
                   "deletionGracePeriodSeconds", "managedFields", "selfLink")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision"
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class NoTimestampLoader(yaml.SafeLoader):
    """YAML as the API server means it: an unquoted time stays a string (PyYAML's YAML 1.1 would make it a datetime)."""


NoTimestampLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def ref_of(obj):
    meta = obj.get("metadata") or {}
    ns = meta.get("namespace")
    return f"{obj.get('kind')}/{ns}/{meta.get('name')}" if ns else f"{obj.get('kind')}/{meta.get('name')}"


def spec_sha256(obj):
    """sha256 of the object's canonical spec (the definition of core CanonicalSpec)."""
    copy = json.loads(json.dumps(obj))
    copy.pop("status", None)
    if copy.get("kind") == "Pod" and isinstance(copy.get("spec"), dict):
        copy["spec"].pop("nodeName", None)   # the scheduler's binding sets it after creation
    meta = copy.get("metadata")
    if isinstance(meta, dict):
        for field in SERVER_METADATA:
            meta.pop(field, None)
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            annotations.pop(LAST_APPLIED, None)
            annotations.pop(DEPLOYMENT_REVISION, None)   # the Deployment controller writes it after creation
            if not annotations:
                meta.pop("annotations")
    return hashlib.sha256(canonical(copy)).hexdigest()


def is_ref(name):
    parts = name.split("/") if isinstance(name, str) else []
    return len(parts) in (2, 3) and all(parts)


def manifests(path):
    path = pathlib.Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file() and re.search(r"\.(ya?ml|json)$", p.name)) if path.is_dir() else [path]
    out = []

    def add(doc):
        if not isinstance(doc, dict):
            return
        if str(doc.get("kind", "")).endswith("List") and isinstance(doc.get("items"), list):
            for item in doc["items"]:
                add(item)
        elif doc.get("kind"):
            out.append(doc)
    for f in files:
        with open(f) as fh:
            for doc in yaml.load_all(fh, Loader=NoTimestampLoader):
                add(doc)
    return out


class Verifier:
    def __init__(self, ring, tenant=None):
        self.ring = ring
        self.tenant = tenant
        self.failures = []
        self.statement = None
        self.keyid = None

    def fail(self, reason, where, message):
        self.failures.append((reason, where, message))

    def reasons(self):
        return {f[0] for f in self.failures}

    def verify(self, data):
        try:
            raw = json.loads(data)
            envelope = Envelope.from_dict(raw)
            if not isinstance(raw.get("signatures"), list):
                raise ValueError("signatures are required")
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            self.fail("EnvelopeMalformed", "envelope", f"not a DSSE envelope: {e!r}")
            return
        try:
            st = json.loads(envelope.payload)
            if not isinstance(st, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            self.fail("EnvelopeMalformed", "payload", f"the payload is not base64 JSON of a Statement: {e}")
            return
        self.statement = st
        self.keyid = next(iter(envelope.signatures), None)
        self.signature(envelope)
        if envelope.payload_type != PAYLOAD_TYPE:
            self.fail("StatementType", "payloadType", f"is '{envelope.payload_type}', not {PAYLOAD_TYPE}")
        if st.get("_type") != STATEMENT_TYPE:
            self.fail("StatementType", "_type", f"is '{st.get('_type')}', not {STATEMENT_TYPE}")
        if st.get("predicateType") != EVIDENCE_TYPE:
            self.fail("StatementType", "predicateType", f"is '{st.get('predicateType')}', not {EVIDENCE_TYPE}")
        self.subjects(st.get("subject"))
        self.predicate(st.get("predicate"))
        tenant = (st.get("predicate") or {}).get("tenant") if isinstance(st.get("predicate"), dict) else None
        if self.tenant is not None and isinstance(tenant, str) and tenant != self.tenant:
            self.fail("TenantMismatch", "predicate.tenant", f"the evidence is of tenant '{tenant}', not '{self.tenant}'")
        try:  # the second in-toto implementation: what it refuses and we did not already name
            Statement.copy_from_pb(json_format.ParseDict(st, statement_pb2.Statement())).validate()
        except (ValueError, json_format.ParseError) as e:
            reason = "SubjectEmpty" if "subject" in str(e).lower() else "StatementType"
            if not self.reasons() & {reason, "SubjectEmpty", "SubjectMalformed", "StatementType"}:
                self.fail(reason, "statement", f"in-toto attestation library: {e}")

    def signature(self, envelope):
        key = next((k for k in self.ring.get("keys", []) if k.get("keyid") == self.keyid), None)
        if key is None:
            self.fail("UnknownKey", "signature", f"signed with key {self.keyid}, which is not in the key ring '{self.ring.get('purpose')}'")
            return
        sslib = SSlibKey(key["keyid"], "ed25519", "ed25519", {"public": key["ed25519"]})
        try:
            envelope.verify([sslib], 1)
            genuine = True
        except (VerificationError, ValueError):
            genuine = False
        if key.get("retiredAt") and not self.signed_before_retirement(key):
            go_live = ((self.statement or {}).get("predicate") or {}).get("goLiveAt") if isinstance(self.statement, dict) else None
            self.fail("RetiredKey", "signature", f"signed with key {self.keyid}, retired at {key['retiredAt']}, but the bundle's"
                      f" goLiveAt ({go_live or 'none'}) is not before the retirement"
                      + ("; the signature itself verifies, but a key signs nothing after it is retired" if genuine
                         else "; and the signature does not verify either"))
        elif not genuine:
            self.fail("SignatureInvalid", "signature", f"the signature of key {self.keyid} does not verify (securesystemslib)")

    def signed_before_retirement(self, key):
        """A rotation does not void what a key signed while current: trusted when goLiveAt < retiredAt (and >= createdAt)."""
        def instant(text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) and text else None
        try:
            predicate = (self.statement or {}).get("predicate") if isinstance(self.statement, dict) else None
            go_live = instant((predicate or {}).get("goLiveAt") if isinstance(predicate, dict) else None)
            retired, created = instant(key.get("retiredAt")), instant(key.get("createdAt"))
        except ValueError:
            return False
        return go_live is not None and retired is not None and go_live < retired and (created is None or go_live >= created)

    def subjects(self, subjects):
        if not isinstance(subjects, list) or not subjects:
            self.fail("SubjectEmpty", "subject", "the Statement names no object")
            return
        seen = set()
        for i, s in enumerate(subjects):
            name = s.get("name") if isinstance(s, dict) else None
            sha = ((s.get("digest") or {}) if isinstance(s, dict) else {}).get("sha256")
            if not is_ref(name):
                self.fail("SubjectMalformed", f"subject[{i}]", f"'{name}' is not an object reference")
            if not isinstance(sha, str) or not SHA256.match(sha):
                self.fail("SubjectMalformed", f"subject[{i}]", f"digest.sha256 of {name} is not 64 lower-case hex digits")
            if is_ref(name):
                if name in seen:
                    self.fail("SubjectMalformed", f"subject[{i}]", f"{name} is listed twice")
                seen.add(name)

    def predicate(self, p):
        if not isinstance(p, dict):
            self.fail("PredicateMalformed", "predicate", "is not an object")
            return

        def text(obj, field, prefix="predicate."):
            v = obj.get(field) if isinstance(obj, dict) else None
            if not isinstance(v, str) or not v.strip():
                self.fail("PredicateMalformed", prefix + field, "is missing or not a non-empty string")
                return None
            return v

        text(p, "tenant")
        if not isinstance(p.get("pack"), dict):
            self.fail("PredicateMalformed", "predicate.pack", "is missing or not an object with name and version")
        else:
            text(p["pack"], "name", "predicate.pack.")
            text(p["pack"], "version", "predicate.pack.")
        for field, typ, what in (("parameters", dict, "an object"), ("quotaShares", dict, "an object"),
                                 ("simulation", list, "an array"), ("waivers", list, "an array")):
            if not isinstance(p.get(field), typ):
                self.fail("PredicateMalformed", f"predicate.{field}", f"is missing or not {what}")
        for i, row in enumerate(p.get("simulation") if isinstance(p.get("simulation"), list) else []):
            for f in ("object", "check", "action"):
                text(row, f, f"predicate.simulation[{i}].")
        for i, w in enumerate(p.get("waivers") if isinstance(p.get("waivers"), list) else []):
            for f in ("envelopeSha256", "policy", "object", "notAfter"):
                text(w, f, f"predicate.waivers[{i}].")
        blocks = p.get("blocksAtGoLive")
        if not isinstance(blocks, int) or isinstance(blocks, bool) or blocks < 0:
            self.fail("PredicateMalformed", "predicate.blocksAtGoLive", "is missing or not a non-negative integer")
        go_live = text(p, "goLiveAt")
        if go_live is not None:
            try:
                datetime.fromisoformat(go_live.replace("Z", "+00:00"))
                if not go_live.endswith("Z"):
                    raise ValueError(go_live)
            except ValueError:
                self.fail("PredicateMalformed", "predicate.goLiveAt", f"'{go_live}' is not an RFC 3339 UTC time")

    def drift(self, live):
        by_ref = {ref_of(o): spec_sha256(o) for o in live}
        recorded = {s["name"]: s["digest"]["sha256"] for s in self.statement["subject"]}
        for name in sorted(recorded, key=sort_key):
            now = by_ref.get(name)
            if now is None:
                self.fail("Missing", name, f"recorded sha256 {recorded[name]}; the object no longer exists")
            elif now != recorded[name]:
                self.fail("Changed", name, f"recorded sha256 {recorded[name]}, live sha256 {now}; the object was changed since go-live")


def sort_key(name):
    """Kind, namespace (none first), name: the order mcctl reports drift in."""
    parts = name.split("/")
    return (parts[0], "", parts[1]) if len(parts) == 2 else tuple(parts)


def main(argv):
    options = {}
    for flag in ("--tenant", "--objects"):
        if flag in argv:
            i = argv.index(flag)
            if i + 1 >= len(argv):
                print(__doc__, file=sys.stderr)
                return 2
            options[flag] = argv[i + 1]
            argv = argv[:i] + argv[i + 2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        data = pathlib.Path(argv[0]).read_bytes()
        with open(argv[1]) as f:
            ring = json.load(f)
        live = manifests(options["--objects"]) if "--objects" in options else None
    except (OSError, ValueError, yaml.YAMLError) as e:
        print(f"cannot read an input: {e}", file=sys.stderr)
        return 2
    v = Verifier(ring, options.get("--tenant"))
    v.verify(data)
    envelope_ok = not v.failures
    if envelope_ok and live is not None:
        v.drift(live)
    for reason, where, message in v.failures:
        print(f"FAIL {reason} {where}: {message}")
    if not envelope_ok:
        print(f"{argv[0]}: refused, {len(v.failures)} check(s) failed")
        return 1
    p = v.statement["predicate"]
    if v.failures:
        print(f"{argv[0]}: signature and Statement verified (tenant {p['tenant']}, key {v.keyid}), but {len(v.failures)} of "
              f"{len(v.statement['subject'])} object(s) drifted since go-live {p['goLiveAt']}")
        return 1
    checked = f"drift against {options['--objects']}: none" if live is not None else "drift not checked (no --objects)"
    print(f"OK   {argv[0]}: tenant {p['tenant']}, pack {p['pack']['name']} {p['pack']['version']}, live since {p['goLiveAt']}, "
          f"{len(v.statement['subject'])} object(s), signature (securesystemslib, key {v.keyid}), Statement (in-toto-attestation); {checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
