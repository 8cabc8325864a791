package dev.missioncontrol.core.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A federation cohort's plan statement: an in-toto Statement v1 whose one subject is the cohort's {@code plan.json} (its
 * sha256) and whose predicate records every source the plan was made from, with its license, the decision and the clause
 * that caused it, the pinned text hashes, the clause table in force, the cohort's generation and the digest of the
 * previous statement of the same cohort (a chain: {@link #GENESIS} for the first). Wrapped in a DSSE envelope signed with
 * Ed25519 by the signing core.
 *
 * <p>The digest of an envelope ({@link #envelopeDigest}) is the sha256 of its canonical JSON ({@link CanonicalJson}: keys
 * sorted, no whitespace). Envelopes are stored and bundled in exactly that form, so {@code sha256sum} of the stored bytes
 * gives the same digest.
 */
public final class PlanStatement {

    public static final String STATEMENT_TYPE = InTotoStatement.TYPE;
    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/provenance/federation-plan/v1";
    /** The subject's name: the plan file the gateway is configured with. */
    public static final String SUBJECT_NAME = "plan.json";
    /** {@code previous} of a cohort's first statement. */
    public static final String GENESIS = "0".repeat(64);

    private PlanStatement() {
    }

    /** The cohort the plan belongs to, at the generation the plan was made from. */
    @JsonPropertyOrder({"namespace", "name", "generation"})
    public record Cohort(String namespace, String name, long generation) {
    }

    /**
     * One source (index) of the plan as decided.
     *
     * @param index the index name in the cohort's spec
     * @param endpoint the index endpoint
     * @param spdxId SPDX license id, null when the source declares no license
     * @param licenseListVersion the SPDX license list version the pin refers to, null when not pinned
     * @param clauses the source's license clauses
     * @param decision Blend, Demote or Block
     * @param decidingClause the clause that caused the decision; null when none restricted it; for a decision forced by the
     *        license text (drift, missing text) the reason code, e.g. {@code LicenseDrift}
     * @param textSha256 sha256 (hex) of the normalised license text as pinned, null when not pinned
     * @param rawTextSha256 sha256 (hex) of the raw license text as read, null when not read
     * @param licenseState Verified, Drift, Missing or Unpinned
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"index", "endpoint", "spdxId", "licenseListVersion", "clauses", "decision", "decidingClause", "textSha256",
            "rawTextSha256", "licenseState"})
    public record Source(String index, String endpoint, String spdxId, String licenseListVersion, List<String> clauses,
            String decision, String decidingClause, String textSha256, String rawTextSha256, String licenseState) {

        public Source {
            clauses = clauses == null ? List.of() : List.copyOf(clauses);
        }
    }

    /**
     * The predicate.
     *
     * @param cohort namespace, name, generation
     * @param sources every source of the cohort's spec, blocked ones included, in spec order
     * @param clauseTable clause to decision (Blend, Demote, Block) in force, sorted by clause
     * @param issuedAt RFC 3339 time the statement was made
     * @param previous {@link #envelopeDigest} of the cohort's previous plan statement, {@link #GENESIS} for the first
     */
    @JsonPropertyOrder({"cohort", "sources", "clauseTable", "issuedAt", "previous"})
    public record Predicate(Cohort cohort, List<Source> sources, Map<String, String> clauseTable, String issuedAt, String previous) {

        public Predicate {
            sources = List.copyOf(sources);
            clauseTable = clauseTable == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(clauseTable));
        }
    }

    /** The Statement as JSON; a pure function of its arguments. */
    public static ObjectNode statement(String planSha256, Predicate predicate) {
        return InTotoStatement.of(SUBJECT_NAME, planSha256, PREDICATE_TYPE, CanonicalJson.MAPPER.valueToTree(predicate));
    }

    /** Signs the statement (its canonical JSON is the DSSE payload). */
    public static Dsse.Envelope sign(String planSha256, Predicate predicate, PrivateKey key, String keyId) {
        byte[] body = CanonicalJson.write(statement(planSha256, predicate)).getBytes(StandardCharsets.UTF_8);
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, body, key, keyId);
    }

    /** The envelope's canonical JSON: the bytes stored and bundled. */
    public static String canonical(Dsse.Envelope envelope) {
        return CanonicalJson.write(envelope);
    }

    /** sha256 (hex) of the envelope's canonical JSON. */
    public static String envelopeDigest(Dsse.Envelope envelope) {
        return CanonicalJson.sha256Hex(canonical(envelope).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads an envelope from JSON; empty when it is not a DSSE envelope. */
    public static Optional<Dsse.Envelope> envelope(String json) {
        try {
            Dsse.Envelope e = CanonicalJson.MAPPER.readValue(json, Dsse.Envelope.class);
            return e.payloadType() == null || e.payload() == null || e.signatures() == null ? Optional.empty() : Optional.of(e);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The statement inside an envelope (its signature is not checked here); empty when the payload is not JSON. */
    public static Optional<JsonNode> statement(Dsse.Envelope envelope) {
        try {
            return Optional.of(CanonicalJson.MAPPER.readTree(envelope.payloadBytes()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The predicate of a plan statement; empty when the types are not exactly a plan statement's or it does not parse. */
    public static Optional<Predicate> predicate(JsonNode statement) {
        if (!InTotoStatement.hasTypes(statement, PREDICATE_TYPE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CanonicalJson.MAPPER.treeToValue(statement.path("predicate"), Predicate.class));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The sha256 the statement's one subject names, empty unless there is exactly one subject named plan.json. */
    public static Optional<String> planSha256(JsonNode statement) {
        JsonNode subjects = statement.path("subject");
        if (!subjects.isArray() || subjects.size() != 1 || !SUBJECT_NAME.equals(subjects.get(0).path("name").asText())) {
            return Optional.empty();
        }
        String sha = subjects.get(0).path("digest").path("sha256").asText("");
        return sha.matches("[0-9a-f]{64}") ? Optional.of(sha) : Optional.empty();
    }
}
