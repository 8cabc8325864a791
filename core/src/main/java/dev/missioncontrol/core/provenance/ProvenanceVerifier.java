package dev.missioncontrol.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import dev.missioncontrol.core.audit.KeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Checks a stitched provenance bundle ({@link ProvenanceBundle}) against trusted keys: pure, the bundle's files in, every
 * failure out, each with one reason code (the constants below; docs/provenance.md says what each means and what to do).
 * Keys never come from the bundle.
 */
public final class ProvenanceVerifier {

    /** A file the bundle must hold is absent or unreadable (export.jsonl, label.json, stitch, plan, plan chain). */
    public static final String BUNDLE_INCOMPLETE = "BundleIncomplete";
    /** An envelope's file is not a DSSE envelope whose payload is JSON. */
    public static final String ENVELOPE_MALFORMED = "EnvelopeMalformed";
    /** An envelope's signature does not verify with a trusted key (unknown key id, or a changed payload). */
    public static final String SIGNATURE_INVALID = "SignatureInvalid";
    /** The payload type, {@code _type} or {@code predicateType} is not exactly the one expected for that file. */
    public static final String STATEMENT_TYPE = "StatementType";
    /** A statement has no subject. */
    public static final String SUBJECT_EMPTY = "SubjectEmpty";
    /** The stitch statement's subject is not export.jsonl with the file's sha256. */
    public static final String EXPORT_DIGEST_MISMATCH = "ExportDigestMismatch";
    /** A per-source subject names no export row of that source, or its digest is not the row's. */
    public static final String SUBJECT_MISMATCH = "SubjectMismatch";
    /** An export row is not a subject of a statement of its source (or cannot be read). */
    public static final String ROW_UNATTESTED = "RowUnattested";
    /** A dependency of the stitch statement names no file of the bundle, or the file's sha256 differs. */
    public static final String DEPENDENCY_MISSING = "DependencyMissing";
    /** An envelope of the bundle (per-source or plan) that the stitch statement does not list as a dependency. */
    public static final String DEPENDENCY_EXTRA = "DependencyExtra";
    /** A source with exported rows is not licenseState Verified with a pinned textSha256 in the plan. */
    public static final String LICENSE_NOT_VERIFIED = "LicenseNotVerified";
    /** A per-source statement's license (SPDX id, list version, text hash) is not the one the plan pinned. */
    public static final String LICENSE_HASH_MISMATCH = "LicenseHashMismatch";
    /** With a registry: a source's (SPDX id, list version, text hash) is not pinned in it. */
    public static final String LICENSE_NOT_PINNED = "LicenseNotPinned";
    /** A source with exported rows is one the plan does not blend or demote, or its statement records another decision. */
    public static final String DECISION_DISALLOWS = "DecisionDisallows";
    /** A demoted row precedes a blended one in the export. */
    public static final String EXPORT_ORDER = "ExportOrder";
    /** The plan chain has a link whose previous is not the digest of the statement before it, or an unreadable line. */
    public static final String PLAN_CHAIN_BROKEN = "PlanChainBroken";
    /** plan.dsse.json is not the last statement of plan-chain.jsonl. */
    public static final String PLAN_NOT_HEAD = "PlanNotHead";
    /**
     * The verifier was given the cohort's current plan head (status.provenance.headDigest) and plan.dsse.json is not that
     * statement: the export was stitched under a superseded (or another cohort's) plan.
     */
    public static final String PLAN_SUPERSEDED = "PlanSuperseded";
    /** Chain issuedAt decreases, the export was stitched before its plan was issued, or a time does not parse. */
    public static final String TIMESTAMP_ORDER = "TimestampOrder";
    /** label.json does not say what the signed stitch statement says (partial, missing sources). */
    public static final String LABEL_MISMATCH = "LabelMismatch";

    private ProvenanceVerifier() {
    }

    /** One failed check. */
    public record Failure(String reason, String file, String message) {

        @Override
        public String toString() {
            return reason + " " + file + ": " + message;
        }
    }

    /** A registry pin: (spdxId, listVersion, sha256). */
    public record Pin(String spdxId, String listVersion, String sha256) {
    }

    /** The outcome: every failure, and counts for the summary line. */
    public record Report(List<Failure> failures, int rows, int sources, boolean partial, List<String> missingSources) {

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /** Reads the pins of {@code kubectl get licenseregistries -o json} (a List or one object): spec.pins[{spdxId, listVersion, sha256}]. */
    public static Set<Pin> pins(JsonNode registries) {
        Set<Pin> pins = new java.util.HashSet<>();
        List<JsonNode> objects = new ArrayList<>();
        if (registries.has("items")) {
            registries.get("items").forEach(objects::add);
        } else {
            objects.add(registries);
        }
        for (JsonNode o : objects) {
            for (JsonNode p : o.path("spec").path("pins")) {
                pins.add(new Pin(p.path("spdxId").asText(null), p.path("listVersion").asText(null), p.path("sha256").asText(null)));
            }
        }
        return pins;
    }

    /**
     * Verifies.
     *
     * @param files the bundle's files by relative path ({@link ProvenanceBundle#read})
     * @param planSigners the keys trusted to sign plan statements (the operator's provenance key ring): the chain and the
     *        plan; no other key is accepted on them, so a stitcher's key cannot forge a plan
     * @param exportSigners the keys trusted to sign the stitch and per-source statements (the gateway's); a plan key is
     *        not accepted on them unless it is also given here
     * @param registry the pins to require, or empty to skip that check
     */
    public static Report verify(SortedMap<String, byte[]> files, KeyRing planSigners, KeyRing exportSigners, Optional<Set<Pin>> registry) {
        return verify(files, planSigners, exportSigners, registry, Optional.empty());
    }

    /**
     * Verifies, and when {@code planHead} is given (the cohort's status.provenance.headDigest, read by whoever verifies),
     * also that the export was stitched under exactly that plan statement ({@link #PLAN_SUPERSEDED} otherwise): a bundle
     * carries its own chain, so without it an export stitched under an older plan (one that still blended a source
     * blocked since) verifies.
     */
    public static Report verify(SortedMap<String, byte[]> files, KeyRing planSigners, KeyRing exportSigners, Optional<Set<Pin>> registry,
            Optional<String> planHead) {
        List<Failure> failures = new ArrayList<>();
        for (String required : List.of(ProvenanceBundle.EXPORT, ProvenanceBundle.LABEL, ProvenanceBundle.STITCH, ProvenanceBundle.PLAN,
                ProvenanceBundle.PLAN_CHAIN)) {
            if (!files.containsKey(required)) {
                failures.add(new Failure(BUNDLE_INCOMPLETE, required, "missing from the bundle"));
            }
        }
        byte[] exportBytes = files.getOrDefault(ProvenanceBundle.EXPORT, new byte[0]);

        // the stitch statement
        JsonNode stitch = statement(ProvenanceBundle.STITCH, files.get(ProvenanceBundle.STITCH), ProvenanceBundle.STITCH_PREDICATE_TYPE,
                exportSigners, failures);
        JsonNode sp = stitch == null ? CanonicalJson.MAPPER.createObjectNode() : stitch.path("predicate");
        if (stitch != null) {
            JsonNode subjects = stitch.path("subject");
            String actual = CanonicalJson.sha256Hex(exportBytes);
            if (subjects.size() != 1 || !ProvenanceBundle.EXPORT.equals(subjects.get(0).path("name").asText())
                    || !actual.equals(subjects.get(0).path("digest").path("sha256").asText())) {
                failures.add(new Failure(EXPORT_DIGEST_MISMATCH, ProvenanceBundle.EXPORT, "sha256 " + actual
                        + " is not the subject the stitch statement signs (" + subjects + ")"));
            }
            // dependencies: every one resolves, none extra
            Set<String> listed = new TreeSet<>();
            for (JsonNode d : sp.path("dependencies")) {
                String name = d.path("name").asText();
                listed.add(name);
                byte[] f = files.get(name);
                if (f == null || !isEnvelopeFile(name)) {
                    failures.add(new Failure(DEPENDENCY_MISSING, name, "the stitch statement depends on it; the bundle has no such envelope"));
                } else if (!CanonicalJson.sha256Hex(f).equals(d.path("digest").path("sha256").asText())) {
                    failures.add(new Failure(DEPENDENCY_MISSING, name, "sha256 " + CanonicalJson.sha256Hex(f)
                            + " is not the dependency's " + d.path("digest").path("sha256").asText()));
                }
            }
            for (String name : files.keySet()) {
                if (isEnvelopeFile(name) && !listed.contains(name)) {
                    failures.add(new Failure(DEPENDENCY_EXTRA, name, "an envelope the stitch statement does not list as a dependency"));
                }
            }
        }

        // the plan chain and its head
        List<JsonNode> chain = new ArrayList<>();
        byte[] chainBytes = files.get(ProvenanceBundle.PLAN_CHAIN);
        String lastLine = null;
        if (chainBytes != null) {
            String previousDigest = null;
            String previousIssued = null;
            String[] lines = new String(chainBytes, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) {
                    continue;
                }
                String where = ProvenanceBundle.PLAN_CHAIN + ":" + (i + 1);
                JsonNode st = statement(where, line.getBytes(StandardCharsets.UTF_8), PlanStatement.PREDICATE_TYPE, planSigners, failures);
                var p = st == null ? Optional.<PlanStatement.Predicate>empty() : PlanStatement.predicate(st);
                if (st != null && p.isEmpty()) {
                    failures.add(new Failure(PLAN_CHAIN_BROKEN, where, "the plan predicate does not parse"));
                }
                String digest = CanonicalJson.sha256Hex(line.getBytes(StandardCharsets.UTF_8));
                if (p.isPresent()) {
                    if (previousDigest != null && !previousDigest.equals(p.get().previous())) {
                        failures.add(new Failure(PLAN_CHAIN_BROKEN, where, "previous " + p.get().previous()
                                + " is not the digest of the statement before it (" + previousDigest + ")"));
                    }
                    if (previousIssued != null && before(p.get().issuedAt(), previousIssued)) {
                        failures.add(new Failure(TIMESTAMP_ORDER, where, "issuedAt " + p.get().issuedAt() + " is before the previous statement's "
                                + previousIssued));
                    }
                    previousIssued = p.get().issuedAt();
                    chain.add(st);
                }
                previousDigest = digest;
                lastLine = line;
            }
        }
        byte[] planBytes = files.get(ProvenanceBundle.PLAN);
        JsonNode plan = statement(ProvenanceBundle.PLAN, planBytes, PlanStatement.PREDICATE_TYPE, planSigners, failures);
        if (planBytes != null && lastLine != null && !lastLine.equals(new String(planBytes, StandardCharsets.UTF_8).strip())) {
            failures.add(new Failure(PLAN_NOT_HEAD, ProvenanceBundle.PLAN, "is not the last statement of " + ProvenanceBundle.PLAN_CHAIN));
        }
        if (planBytes != null && planHead.isPresent()) {
            String digest = CanonicalJson.sha256Hex(new String(planBytes, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
            if (!digest.equalsIgnoreCase(planHead.get().strip())) {
                failures.add(new Failure(PLAN_SUPERSEDED, ProvenanceBundle.PLAN, "sha256 " + digest + " is not the plan head given ("
                        + planHead.get().strip() + "): the export was stitched under a superseded plan, or another cohort's;"
                        + " stitch again under the cohort's current chain"));
            }
        }
        Map<String, PlanStatement.Source> planSources = new LinkedHashMap<>();
        Optional<PlanStatement.Predicate> planPredicate = plan == null ? Optional.empty() : PlanStatement.predicate(plan);
        planPredicate.ifPresent(p -> p.sources().forEach(s -> planSources.put(s.index(), s)));
        if (planPredicate.isPresent() && stitch != null) {
            String stitchedAt = sp.path("stitchedAt").asText(null);
            if (stitchedAt == null || before(stitchedAt, planPredicate.get().issuedAt())) {
                failures.add(new Failure(TIMESTAMP_ORDER, ProvenanceBundle.STITCH, "stitchedAt " + stitchedAt + " is before the plan's issuedAt "
                        + planPredicate.get().issuedAt()));
            }
        }

        // the export rows
        Map<String, String[]> rows = new LinkedHashMap<>(); // id -> {source, sha256}
        String[] exportLines = new String(exportBytes, StandardCharsets.UTF_8).split("\n");
        boolean demotedSeen = false;
        for (int i = 0; i < exportLines.length; i++) {
            String line = exportLines[i];
            if (line.isEmpty()) {
                continue;
            }
            String where = ProvenanceBundle.EXPORT + ":" + (i + 1);
            JsonNode row;
            try {
                row = CanonicalJson.MAPPER.readTree(line);
            } catch (java.io.IOException e) {
                failures.add(new Failure(ROW_UNATTESTED, where, "not a JSON row"));
                continue;
            }
            String id = row.path("id").asText("");
            String source = row.path("source").asText("");
            rows.put(id, new String[] {source, CanonicalJson.sha256Hex(line.getBytes(StandardCharsets.UTF_8)), where});
            PlanStatement.Source s = planSources.get(source);
            if (s != null && Stitcher.DEMOTE.equals(s.decision())) {
                demotedSeen = true;
            } else if (s != null && Stitcher.BLEND.equals(s.decision()) && demotedSeen) {
                failures.add(new Failure(EXPORT_ORDER, where, "blended row " + id + " of source " + source + " follows a demoted row"));
            }
        }

        // per-source statements
        Map<String, JsonNode> sourceStatements = new HashMap<>();
        Map<String, String> attested = new HashMap<>(); // id -> source
        for (var f : files.entrySet()) {
            String name = f.getKey();
            if (!name.startsWith(ProvenanceBundle.SOURCES_DIR) || !name.endsWith(ProvenanceBundle.ENVELOPE_SUFFIX)) {
                continue;
            }
            JsonNode st = statement(name, f.getValue(), ProvenanceBundle.SOURCE_PREDICATE_TYPE, exportSigners, failures);
            if (st == null) {
                continue;
            }
            String index = st.path("predicate").path("index").asText("");
            if (!name.equals(ProvenanceBundle.sourceFile(index))) {
                failures.add(new Failure(SUBJECT_MISMATCH, name, "the statement is of source " + index + ", not of the file's name"));
                continue;
            }
            sourceStatements.put(index, st);
            for (JsonNode subject : st.path("subject")) {
                String id = subject.path("name").asText();
                String[] row = rows.get(id);
                String sha = subject.path("digest").path("sha256").asText();
                if (row == null || !row[0].equals(index)) {
                    failures.add(new Failure(SUBJECT_MISMATCH, name, "subject " + id + " is no row of source " + index + " in the export"));
                } else if (!row[1].equals(sha)) {
                    failures.add(new Failure(SUBJECT_MISMATCH, name, "subject " + id + " signs sha256 " + sha + ", the row at " + row[2]
                            + " has " + row[1]));
                } else {
                    attested.put(id, index);
                }
            }
        }
        Set<String> rowSources = new TreeSet<>();
        for (var r : rows.entrySet()) {
            rowSources.add(r.getValue()[0]);
            if (!r.getValue()[0].equals(attested.get(r.getKey()))) {
                failures.add(new Failure(ROW_UNATTESTED, r.getValue()[2], "row " + r.getKey() + " of source " + r.getValue()[0]
                        + (sourceStatements.containsKey(r.getValue()[0]) ? " is not a subject of its source's statement"
                                : " has no statement of its source in the bundle")));
            }
        }

        // licenses and decisions, for every source with rows
        if (planPredicate.isPresent()) {
            for (String source : rowSources) {
                PlanStatement.Source s = planSources.get(source);
                String file = ProvenanceBundle.sourceFile(source);
                if (s == null) {
                    failures.add(new Failure(DECISION_DISALLOWS, file, "source " + source + " is not in the plan"));
                    continue;
                }
                if (!Stitcher.BLEND.equals(s.decision()) && !Stitcher.DEMOTE.equals(s.decision())) {
                    failures.add(new Failure(DECISION_DISALLOWS, file, "the plan decides " + s.decision() + " for source " + source
                            + (s.decidingClause() == null ? "" : " (clause " + s.decidingClause() + ")") + "; its rows may not be exported"));
                }
                if (!Stitcher.VERIFIED.equals(s.licenseState()) || s.textSha256() == null) {
                    failures.add(new Failure(LICENSE_NOT_VERIFIED, file, "the plan records license state " + s.licenseState()
                            + (s.textSha256() == null ? " and no pinned text hash" : "") + " for source " + source));
                }
                JsonNode st = sourceStatements.get(source);
                if (st != null) {
                    JsonNode p = st.path("predicate");
                    if (!s.decision().equals(p.path("decision").asText())) {
                        failures.add(new Failure(DECISION_DISALLOWS, file, "the statement records decision " + p.path("decision").asText()
                                + ", the plan " + s.decision()));
                    }
                    if (!same(s.textSha256(), p.path("textSha256")) || !same(s.spdxId(), p.path("spdxId"))
                            || !same(s.licenseListVersion(), p.path("licenseListVersion"))) {
                        failures.add(new Failure(LICENSE_HASH_MISMATCH, file, "the statement records " + p.path("spdxId").asText() + " "
                                + p.path("licenseListVersion").asText() + " text sha256 " + p.path("textSha256").asText() + ", the plan pinned "
                                + s.spdxId() + " " + s.licenseListVersion() + " " + s.textSha256()));
                    }
                }
                if (registry.isPresent() && s.textSha256() != null
                        && !registry.get().contains(new Pin(s.spdxId(), s.licenseListVersion(), s.textSha256()))) {
                    failures.add(new Failure(LICENSE_NOT_PINNED, file, s.spdxId() + " " + s.licenseListVersion() + " text sha256 "
                            + s.textSha256() + " is not pinned in the registry"));
                }
            }
        }

        // the label
        List<String> missing = new ArrayList<>();
        sp.path("missingSources").forEach(m -> missing.add(m.asText()));
        boolean partial = sp.path("partial").asBoolean(false);
        byte[] labelBytes = files.get(ProvenanceBundle.LABEL);
        if (labelBytes != null && stitch != null) {
            try {
                JsonNode label = CanonicalJson.MAPPER.readTree(labelBytes);
                List<String> labelMissing = new ArrayList<>();
                label.path("missingSources").forEach(m -> labelMissing.add(m.asText()));
                if (label.path("partial").asBoolean(!partial) != partial || !labelMissing.equals(missing)) {
                    failures.add(new Failure(LABEL_MISMATCH, ProvenanceBundle.LABEL, "says partial " + label.path("partial") + " missing "
                            + labelMissing + "; the stitch statement signs partial " + partial + " missing " + missing));
                }
            } catch (java.io.IOException e) {
                failures.add(new Failure(BUNDLE_INCOMPLETE, ProvenanceBundle.LABEL, "not JSON"));
            }
        }
        return new Report(List.copyOf(failures), rows.size(), sourceStatements.size(), partial, List.copyOf(missing));
    }

    static boolean isEnvelopeFile(String name) {
        return ProvenanceBundle.PLAN.equals(name)
                || (name.startsWith(ProvenanceBundle.SOURCES_DIR) && name.endsWith(ProvenanceBundle.ENVELOPE_SUFFIX));
    }

    private static boolean same(String expected, JsonNode actual) {
        return expected == null ? actual.isMissingNode() || actual.isNull() : expected.equals(actual.asText(null));
    }

    private static boolean before(String a, String b) {
        try {
            return Instant.parse(a).isBefore(Instant.parse(b));
        } catch (DateTimeParseException | NullPointerException e) {
            return true;
        }
    }

    /**
     * Reads one envelope file and checks its signature, types and that it has a subject; returns the statement when it could
     * be read (even when a check failed, so the other checks still run), null when it could not.
     */
    private static JsonNode statement(String file, byte[] bytes, String predicateType, KeyRing trusted, List<Failure> failures) {
        if (bytes == null) {
            return null;
        }
        Optional<Dsse.Envelope> envelope = PlanStatement.envelope(new String(bytes, StandardCharsets.UTF_8));
        Optional<JsonNode> statement = envelope.flatMap(PlanStatement::statement);
        if (statement.isEmpty() || !statement.get().isObject()) {
            failures.add(new Failure(ENVELOPE_MALFORMED, file, "not a DSSE envelope with a JSON payload"));
            return null;
        }
        if (!trusted.verifies(envelope.get())) {
            String signer = KeyRing.signer(envelope.get()).orElse("(none)");
            failures.add(new Failure(SIGNATURE_INVALID, file, trusted.find(signer).isPresent()
                    ? "the signature does not verify with key " + signer
                    : "signed with key " + signer + ", which is not a trusted key for " + (PlanStatement.PREDICATE_TYPE.equals(predicateType)
                            ? "plan statements" : "stitch and source statements")));
        }
        JsonNode st = statement.get();
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.get().payloadType()) || !InTotoStatement.hasTypes(st, predicateType)) {
            failures.add(new Failure(STATEMENT_TYPE, file, "payloadType " + envelope.get().payloadType() + ", _type " + st.path("_type")
                    + ", predicateType " + st.path("predicateType") + "; expected " + InTotoStatement.TYPE + " / " + predicateType));
        }
        if (!st.path("subject").isArray() || st.path("subject").isEmpty()) {
            failures.add(new Failure(SUBJECT_EMPTY, file, "the statement has no subject"));
        }
        return st;
    }
}
