#!/usr/bin/env python3
"""Independent check of a stitched provenance bundle (`mcctl provenance stitch`), with none of the project's code.

Usage: verify-provenance.py BUNDLE --plan-ring KEYS_JSON [--plan-ring KEYS_JSON...] KEYS_JSON [KEYS_JSON...]
                            [--registry REGISTRY_JSON] [--plan-head DIGEST]

--plan-head: the cohort's current status.provenance.headDigest; the bundle's plan must be exactly that statement
(PlanSuperseded otherwise).

KEYS_JSON: a key ring as the operator publishes it ({"keys": [{"keyid", "ed25519"}]}). --plan-ring: the keys trusted to
sign plan statements (the operator's provenance ring), the only keys accepted on the chain and the plan; the other rings:
the keys trusted to sign the stitch and per-source statements (the gateway's), the only keys accepted on those. DSSE signatures are checked with securesystemslib; every Statement is parsed into the in-toto attestation
protobuf and validated by the in-toto-attestation library (a second in-toto implementation); subject digests, dependency
digests and the plan chain are recomputed with hashlib. Prints one line per failure, as `FAIL <ReasonCode> <file>: ...`
with the reason codes of docs/provenance.md (the same as `mcctl provenance verify`), and exits 1 on any failure.
"""
import hashlib
import json
import pathlib
import sys
from datetime import datetime, timezone

from google.protobuf import json_format
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
PLAN_TYPE = "https://missioncontrol.dev/provenance/federation-plan/v1"
SOURCE_TYPE = "https://missioncontrol.dev/provenance/source/v1"
STITCH_TYPE = "https://missioncontrol.dev/provenance/stitch/v1"
EXPORT, LABEL, STITCH, PLAN, CHAIN = "export.jsonl", "label.json", "stitch.dsse.json", "plan.dsse.json", "plan-chain.jsonl"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def when(text):
    """An RFC 3339 time; one that does not parse sorts first, so an ordering check on it fails (TimestampOrder)."""
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)


class Verifier:
    def __init__(self, root, plan_keys, export_keys, pins, plan_head=None):
        self.root = pathlib.Path(root)
        self.plan_head = plan_head
        self.plan_keys = plan_keys
        self.export_keys = export_keys
        self.pins = pins
        self.failures = []

    def fail(self, reason, where, message):
        self.failures.append((reason, where, message))

    def read(self, name):
        path = self.root / name
        if not path.is_file():
            self.fail("BundleIncomplete", name, "missing from the bundle")
            return None
        return path.read_bytes()

    def statement(self, where, data, predicate_type):
        """Signature (securesystemslib), then the Statement through the in-toto attestation library."""
        try:
            envelope = Envelope.from_dict(json.loads(data))
            st = json.loads(envelope.payload)
        except (ValueError, KeyError, TypeError) as e:
            self.fail("EnvelopeMalformed", where, f"not a DSSE envelope with a JSON payload: {e}")
            return None
        try:
            envelope.verify(self.plan_keys if predicate_type == PLAN_TYPE else self.export_keys, 1)
        except (VerificationError, ValueError) as e:
            role = "plan statements" if predicate_type == PLAN_TYPE else "stitch and source statements"
            self.fail("SignatureInvalid", where, f"no key trusted for {role} verifies it: {e}")
        if envelope.payload_type != PAYLOAD_TYPE or st.get("_type") != STATEMENT_TYPE or st.get("predicateType") != predicate_type:
            self.fail("StatementType", where, f"payloadType {envelope.payload_type}, _type {st.get('_type')}, "
                                              f"predicateType {st.get('predicateType')}; expected {predicate_type}")
        try:
            Statement.copy_from_pb(json_format.ParseDict(st, statement_pb2.Statement())).validate()
        except ValueError as e:
            reason = "SubjectEmpty" if "subject" in str(e).lower() else "StatementType"
            self.fail(reason, where, f"in-toto attestation library: {e}")
        except json_format.ParseError as e:
            self.fail("StatementType", where, f"in-toto attestation library: {e}")
        return st

    def run(self):
        export = self.read(EXPORT) or b""
        label_bytes = self.read(LABEL)
        stitch_bytes = self.read(STITCH)
        plan_bytes = self.read(PLAN)
        chain_bytes = self.read(CHAIN)

        stitch = self.statement(STITCH, stitch_bytes, STITCH_TYPE) if stitch_bytes is not None else None
        sp = stitch.get("predicate", {}) if stitch else {}
        envelopes = {str(p.relative_to(self.root)) for p in self.root.glob("sources/*.dsse.json")}
        envelopes |= {PLAN} if plan_bytes is not None else set()
        if stitch:
            subjects = stitch.get("subject", [])
            if len(subjects) != 1 or subjects[0].get("name") != EXPORT or subjects[0].get("digest", {}).get("sha256") != sha256(export):
                self.fail("ExportDigestMismatch", EXPORT, f"sha256 {sha256(export)} is not the signed subject")
            listed = set()
            for dep in sp.get("dependencies", []):
                name = dep.get("name")
                listed.add(name)
                path = self.root / name
                if name not in envelopes or not path.is_file():
                    self.fail("DependencyMissing", name, "the stitch statement depends on it; the bundle has no such envelope")
                elif sha256(path.read_bytes()) != dep.get("digest", {}).get("sha256"):
                    self.fail("DependencyMissing", name, f"sha256 {sha256(path.read_bytes())} is not the dependency's")
            for name in sorted(envelopes - listed):
                self.fail("DependencyExtra", name, "an envelope the stitch statement does not list as a dependency")

        last_line, previous_digest, previous_issued = None, None, None
        for n, line in enumerate((chain_bytes or b"").split(b"\n"), 1):
            if not line.strip():
                continue
            where = f"{CHAIN}:{n}"
            st = self.statement(where, line, PLAN_TYPE)
            p = st.get("predicate", {}) if st else {}
            if previous_digest is not None and p.get("previous") != previous_digest:
                self.fail("PlanChainBroken", where, f"previous {p.get('previous')} is not {previous_digest}")
            if previous_issued and p.get("issuedAt") and when(p["issuedAt"]) < when(previous_issued):
                self.fail("TimestampOrder", where, f"issuedAt {p['issuedAt']} is before {previous_issued}")
            previous_digest, previous_issued, last_line = sha256(line), p.get("issuedAt"), line
        plan = self.statement(PLAN, plan_bytes, PLAN_TYPE) if plan_bytes is not None else None
        if plan_bytes is not None and last_line is not None and plan_bytes.strip() != last_line.strip():
            self.fail("PlanNotHead", PLAN, f"is not the last statement of {CHAIN}")
        if plan_bytes is not None and self.plan_head is not None and sha256(plan_bytes.strip()) != self.plan_head.strip().lower():
            self.fail("PlanSuperseded", PLAN, f"sha256 {sha256(plan_bytes.strip())} is not the plan head given ({self.plan_head}): "
                                              "the export was stitched under a superseded plan, or another cohort's")
        pp = plan.get("predicate", {}) if plan else {}
        plan_sources = {s["index"]: s for s in pp.get("sources", [])}
        if plan and stitch and (when(sp.get("stitchedAt")) < when(pp.get("issuedAt")) or when(sp.get("stitchedAt")).year == 1):
            self.fail("TimestampOrder", STITCH, f"stitchedAt {sp.get('stitchedAt')} is before the plan's issuedAt {pp.get('issuedAt')}")

        rows = {}
        demoted_seen = False
        for n, line in enumerate(export.split(b"\n"), 1):
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError:
                self.fail("RowUnattested", f"{EXPORT}:{n}", "not a JSON row")
                continue
            rows[row.get("id")] = (row.get("source"), sha256(line), f"{EXPORT}:{n}")
            decision = plan_sources.get(row.get("source"), {}).get("decision")
            if decision == "Demote":
                demoted_seen = True
            elif decision == "Blend" and demoted_seen:
                self.fail("ExportOrder", f"{EXPORT}:{n}", f"blended row {row.get('id')} follows a demoted row")

        statements, attested = {}, {}
        for name in sorted(e for e in envelopes if e.startswith("sources/")):
            st = self.statement(name, (self.root / name).read_bytes(), SOURCE_TYPE)
            if not st:
                continue
            index = st.get("predicate", {}).get("index")
            if name != f"sources/{index}.dsse.json":
                self.fail("SubjectMismatch", name, f"the statement is of source {index}")
                continue
            statements[index] = st
            for subject in st.get("subject", []):
                row = rows.get(subject.get("name"))
                digest = subject.get("digest", {}).get("sha256")
                if row is None or row[0] != index:
                    self.fail("SubjectMismatch", name, f"subject {subject.get('name')} is no row of source {index}")
                elif row[1] != digest:
                    self.fail("SubjectMismatch", name, f"subject {subject.get('name')} signs {digest}, the row at {row[2]} has {row[1]}")
                else:
                    attested[subject["name"]] = index
        for item, (source, _, where) in rows.items():
            if attested.get(item) != source:
                self.fail("RowUnattested", where, f"row {item} of source {source} is not a subject of its source's statement")

        if plan:
            for source in sorted({r[0] for r in rows.values()}):
                where = f"sources/{source}.dsse.json"
                s = plan_sources.get(source)
                if s is None:
                    self.fail("DecisionDisallows", where, f"source {source} is not in the plan")
                    continue
                if s.get("decision") not in ("Blend", "Demote"):
                    self.fail("DecisionDisallows", where, f"the plan decides {s.get('decision')} for source {source}")
                if s.get("licenseState") != "Verified" or not s.get("textSha256"):
                    self.fail("LicenseNotVerified", where, f"the plan records license state {s.get('licenseState')}")
                st = statements.get(source)
                if st:
                    p = st.get("predicate", {})
                    if p.get("decision") != s.get("decision"):
                        self.fail("DecisionDisallows", where, f"the statement records {p.get('decision')}, the plan {s.get('decision')}")
                    if any(p.get(k) != s.get(k) for k in ("textSha256", "spdxId", "licenseListVersion")):
                        self.fail("LicenseHashMismatch", where, f"the statement records text sha256 {p.get('textSha256')}, "
                                                                f"the plan pinned {s.get('textSha256')}")
                if self.pins is not None and (s.get("spdxId"), s.get("licenseListVersion"), s.get("textSha256")) not in self.pins:
                    self.fail("LicenseNotPinned", where, f"{s.get('spdxId')} text sha256 {s.get('textSha256')} is not pinned in the registry")

        if stitch and label_bytes is not None:
            label = json.loads(label_bytes)
            if (label.get("partial"), label.get("missingSources", [])) != (sp.get("partial"), sp.get("missingSources", [])):
                self.fail("LabelMismatch", LABEL, "does not say what the stitch statement signs")
        return sp


def main(argv):
    registry = None
    if "--registry" in argv:
        i = argv.index("--registry")
        registry = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    plan_head = None
    if "--plan-head" in argv:
        i = argv.index("--plan-head")
        if i + 1 >= len(argv):
            print(__doc__, file=sys.stderr)
            return 2
        plan_head = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    plan_rings = []
    while "--plan-ring" in argv:
        i = argv.index("--plan-ring")
        if i + 1 >= len(argv):
            print(__doc__, file=sys.stderr)
            return 2
        plan_rings.append(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 2 or not plan_rings:
        print(__doc__, file=sys.stderr)
        return 2

    def keys_of(rings):
        keys = []
        for ring in rings:
            with open(ring) as f:
                keys += [SSlibKey(k["keyid"], "ed25519", "ed25519", {"public": k["ed25519"]}) for k in json.load(f)["keys"]]
        return keys
    plan_keys = keys_of(plan_rings)
    export_keys = keys_of(argv[1:])
    pins = None
    if registry:
        with open(registry) as f:
            doc = json.load(f)
        pins = {(p.get("spdxId"), p.get("listVersion"), p.get("sha256"))
                for o in doc.get("items", [doc]) for p in o.get("spec", {}).get("pins", [])}
    v = Verifier(argv[0], plan_keys, export_keys, pins, plan_head)
    sp = v.run()
    for reason, where, message in v.failures:
        print(f"FAIL {reason} {where}: {message}")
    if v.failures:
        print(f"{argv[0]}: {len(v.failures)} check(s) failed")
        return 1
    partial = f"; PARTIAL, no answer from {', '.join(sp.get('missingSources', []))}" if sp.get("partial") else ""
    print(f"OK   {argv[0]}: {sp.get('rows')} row(s), statements valid (in-toto-attestation), signatures (securesystemslib){partial}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
