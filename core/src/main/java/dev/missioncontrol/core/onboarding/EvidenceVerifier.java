package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import dev.missioncontrol.core.audit.KeyRing;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a go-live evidence envelope (docs/tenant-onboarding.md, "The evidence bundle"): the DSSE signature under a
 * current key of the {@value #SIGNING_PURPOSE} ring, the exact Statement and predicate types, the subjects and the
 * predicate's shape; then, given the live objects, the drift since go-live ({@link EvidenceStatement#drift}). Every
 * failure is one {@link Failure} with a greppable reason code, so a refused bundle says everything that is wrong at once.
 */
public final class EvidenceVerifier {

    /** The signing purpose of the operator's evidence keys (its ring: data key onboarding-evidence.json of mission-control-public-keys). */
    public static final String SIGNING_PURPOSE = "onboarding-evidence";
    /** The evidence ConfigMap's data key: the DSSE envelope JSON. */
    public static final String DATA_KEY = "evidence.dsse.json";

    /** Not a DSSE envelope, or its payload is not base64 JSON. */
    public static final String ENVELOPE_MALFORMED = "EnvelopeMalformed";
    /** The signing key is not in the trusted ring. */
    public static final String UNKNOWN_KEY = "UnknownKey";
    /** The signing key is in the ring but retired. */
    public static final String RETIRED_KEY = "RetiredKey";
    /** The signing key is a current key of the ring, but the signature does not verify (the envelope was altered). */
    public static final String SIGNATURE_INVALID = "SignatureInvalid";
    /** payloadType, {@code _type} or {@code predicateType} is not exactly the evidence one. */
    public static final String STATEMENT_TYPE = "StatementType";
    /** The Statement has no subject. */
    public static final String SUBJECT_EMPTY = "SubjectEmpty";
    /** A subject's name is not an object reference, its digest not a sha256, or it is listed twice. */
    public static final String SUBJECT_MALFORMED = "SubjectMalformed";
    /** A predicate field is missing or of the wrong type. */
    public static final String PREDICATE_MALFORMED = "PredicateMalformed";
    /** The evidence is of another tenant than the one asked for. */
    public static final String TENANT_MISMATCH = "TenantMismatch";

    private EvidenceVerifier() {
    }

    /** The evidence ConfigMap of a tenant, in the operator's namespace. */
    public static String configMapName(String tenant) {
        return "tenant-" + tenant + "-evidence";
    }

    /** One failure: the reason code, what it is about (the envelope, a field, an object), and what to do. */
    public record Failure(String reason, String where, String message) {

        @Override
        public String toString() {
            return reason + " " + where + ": " + message;
        }
    }

    /**
     * The outcome of the envelope checks. {@code statement} is the decoded Statement when it could be read (even when
     * refused); {@code envelopeSha256} the envelope's digest as TenantOnboarding status.evidence.digest records it.
     */
    public record Result(String envelopeSha256, String keyId, JsonNode statement, List<Failure> failures) {

        public boolean ok() {
            return failures.isEmpty();
        }

        public Optional<String> tenant() {
            return statement == null ? Optional.empty() : Optional.ofNullable(statement.path("predicate").path("tenant").textValue());
        }
    }

    /**
     * Checks an envelope against a key ring; {@code expectedTenant} (null: any) must be the predicate's tenant. Drift is not
     * part of this: see {@link #drift}.
     */
    public static Result verify(String envelopeJson, KeyRing ring, String expectedTenant) {
        List<Failure> failures = new ArrayList<>();
        Dsse.Envelope envelope;
        try {
            envelope = AppealToken.parse(envelopeJson);
        } catch (IllegalArgumentException e) {
            failures.add(new Failure(ENVELOPE_MALFORMED, "envelope", e.getMessage()
                    + "; export it again with `mcctl onboarding evidence export`"));
            return new Result(null, null, null, failures);
        }
        String digest = AppealToken.digest(envelope);
        String keyId = KeyRing.signer(envelope).orElse(null);
        JsonNode statement;
        try {
            statement = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
            if (statement == null || !statement.isObject()) {
                throw new IOException("not a JSON object");
            }
        } catch (IllegalArgumentException | IOException e) {
            failures.add(new Failure(ENVELOPE_MALFORMED, "payload", "the payload is not base64 JSON of a Statement: " + e.getMessage()));
            return new Result(digest, keyId, null, failures);
        }

        Optional<KeyRing.Key> key = ring.keys().stream().filter(k -> k.keyid().equals(keyId)).findFirst();
        if (key.isEmpty()) {
            failures.add(new Failure(UNKNOWN_KEY, "signature", "signed with key " + keyId + ", which is not in the key ring '" + ring.purpose()
                    + "'; verify with the operator's " + SIGNING_PURPOSE + " ring (--from-cluster, or the data key "
                    + KeyRing.dataKey(SIGNING_PURPOSE) + " of ConfigMap " + KeyRing.PUBLIC_KEYS_CONFIGMAP + ")"));
        } else if (key.get().retiredAt() != null && !signedBeforeRetirement(statement, key.get())) {
            boolean genuine = Dsse.verify(envelope, key.get().publicKey());
            failures.add(new Failure(RETIRED_KEY, "signature", "signed with key " + keyId + ", retired at " + key.get().retiredAt()
                    + ", but the bundle's goLiveAt (" + statement.path("predicate").path("goLiveAt").asText("none")
                    + ") is not before the retirement"
                    + (genuine ? "; the signature itself verifies, but a key signs nothing after it is retired"
                            : "; and the signature does not verify either")
                    + "; ask the platform team how this bundle was signed after the rotation"));
        } else if (!Dsse.verify(envelope, key.get().publicKey())) {
            failures.add(new Failure(SIGNATURE_INVALID, "signature", "the signature of key " + keyId
                    + " does not verify: the envelope was altered after signing; export it again from the cluster"));
        }

        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            failures.add(new Failure(STATEMENT_TYPE, "payloadType", "is '" + envelope.payloadType() + "', not " + Dsse.IN_TOTO_PAYLOAD_TYPE));
        }
        if (!InTotoStatement.TYPE.equals(statement.path("_type").textValue())) {
            failures.add(new Failure(STATEMENT_TYPE, "_type", "is '" + statement.path("_type").asText() + "', not " + InTotoStatement.TYPE));
        }
        if (!EvidenceStatement.PREDICATE_TYPE.equals(statement.path("predicateType").textValue())) {
            failures.add(new Failure(STATEMENT_TYPE, "predicateType", "is '" + statement.path("predicateType").asText() + "', not "
                    + EvidenceStatement.PREDICATE_TYPE + ": this is not an onboarding evidence bundle"));
        }
        subjects(statement.get("subject"), failures);
        predicate(statement.get("predicate"), failures);
        String tenant = statement.path("predicate").path("tenant").textValue();
        if (expectedTenant != null && tenant != null && !expectedTenant.equals(tenant)) {
            failures.add(new Failure(TENANT_MISMATCH, "predicate.tenant", "the evidence is of tenant '" + tenant + "', not '" + expectedTenant
                    + "'; the ConfigMap " + configMapName(expectedTenant) + " holds another tenant's bundle"));
        }
        return new Result(digest, keyId, statement, List.copyOf(failures));
    }

    private static void subjects(JsonNode subjects, List<Failure> failures) {
        if (subjects == null || !subjects.isArray() || subjects.isEmpty()) {
            failures.add(new Failure(SUBJECT_EMPTY, "subject", "the Statement names no object; evidence records every created object"));
            return;
        }
        Set<ObjectRef> seen = new HashSet<>();
        int i = 0;
        for (JsonNode s : subjects) {
            String where = "subject[" + i++ + "]";
            String name = s.path("name").textValue();
            ObjectRef ref = null;
            try {
                ref = ObjectRef.parse(name);
            } catch (IllegalArgumentException e) {
                failures.add(new Failure(SUBJECT_MALFORMED, where, e.getMessage()));
            }
            String sha = s.path("digest").path("sha256").textValue();
            if (sha == null || !sha.matches("^[0-9a-f]{64}$")) {
                failures.add(new Failure(SUBJECT_MALFORMED, where, "digest.sha256 of " + name + " is not 64 lower-case hex digits"));
            }
            if (ref != null && !seen.add(ref)) {
                failures.add(new Failure(SUBJECT_MALFORMED, where, ref + " is listed twice"));
            }
        }
    }

    private static void predicate(JsonNode p, List<Failure> failures) {
        if (p == null || !p.isObject()) {
            failures.add(new Failure(PREDICATE_MALFORMED, "predicate", "is not an object"));
            return;
        }
        text(p, "tenant", failures);
        JsonNode pack = p.get("pack");
        if (pack == null || !pack.isObject()) {
            failures.add(new Failure(PREDICATE_MALFORMED, "predicate.pack", "is missing or not an object with name and version"));
        } else {
            text(pack, "name", "predicate.pack.", failures);
            text(pack, "version", "predicate.pack.", failures);
        }
        kind(p, "parameters", JsonNode::isObject, "an object", failures);
        kind(p, "quotaShares", JsonNode::isObject, "an object", failures);
        if (kind(p, "simulation", JsonNode::isArray, "an array", failures)) {
            int i = 0;
            for (JsonNode row : p.get("simulation")) {
                String prefix = "predicate.simulation[" + i++ + "].";
                for (String f : List.of("object", "check", "action")) {
                    text(row, f, prefix, failures);
                }
            }
        }
        if (kind(p, "waivers", JsonNode::isArray, "an array", failures)) {
            int i = 0;
            for (JsonNode w : p.get("waivers")) {
                String prefix = "predicate.waivers[" + i++ + "].";
                for (String f : List.of("envelopeSha256", "policy", "object", "notAfter")) {
                    text(w, f, prefix, failures);
                }
            }
        }
        JsonNode blocks = p.get("blocksAtGoLive");
        if (blocks == null || !blocks.canConvertToLong() || !blocks.isIntegralNumber() || blocks.asLong() < 0) {
            failures.add(new Failure(PREDICATE_MALFORMED, "predicate.blocksAtGoLive", "is missing or not a non-negative integer"));
        }
        String goLive = text(p, "goLiveAt", failures);
        if (goLive != null) {
            try {
                Instant.parse(goLive);
            } catch (DateTimeParseException e) {
                failures.add(new Failure(PREDICATE_MALFORMED, "predicate.goLiveAt", "'" + goLive + "' is not an RFC 3339 UTC time"));
            }
        }
    }

    private static boolean kind(JsonNode p, String field, java.util.function.Predicate<JsonNode> ok, String what, List<Failure> failures) {
        JsonNode v = p.get(field);
        if (v == null || !ok.test(v)) {
            failures.add(new Failure(PREDICATE_MALFORMED, "predicate." + field, "is missing or not " + what));
            return false;
        }
        return true;
    }

    private static String text(JsonNode p, String field, List<Failure> failures) {
        return text(p, field, "predicate.", failures);
    }

    private static String text(JsonNode p, String field, String prefix, List<Failure> failures) {
        JsonNode v = p.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            failures.add(new Failure(PREDICATE_MALFORMED, prefix + field, "is missing or not a non-empty string"));
            return null;
        }
        return v.asText();
    }

    /** The drift of a verified Statement against the live objects, as failures ({@code Changed}, {@code Missing}) by object. */
    public static List<Failure> drift(JsonNode statement, List<? extends JsonNode> live) {
        return EvidenceStatement.drift(statement, live).stream().map(EvidenceVerifier::failure).toList();
    }

    /** One object's drift as a failure: reason Changed or Missing, where the object, and both digests. */
    public static Failure failure(EvidenceStatement.Drift d) {
        return new Failure(d.reason(), d.object().toString(), EvidenceStatement.Drift.MISSING.equals(d.reason())
                ? "recorded sha256 " + d.recordedSha256() + "; the object no longer exists"
                : "recorded sha256 " + d.recordedSha256() + ", live sha256 " + d.liveSha256() + "; the object was changed since go-live");
    }

    /**
     * A key rotation does not void what the key signed while it was current (the ring keeps retired keys for that): a
     * bundle signed with a retired key is trusted when its go-live time is before the key's retirement (and not before
     * its creation). A bundle claiming a later go-live, or none, is {@value #RETIRED_KEY}.
     */
    static boolean signedBeforeRetirement(JsonNode statement, KeyRing.Key key) {
        try {
            java.time.Instant goLive = java.time.Instant.parse(statement.path("predicate").path("goLiveAt").asText(""));
            java.time.Instant retired = java.time.Instant.parse(key.retiredAt());
            boolean afterCreation = key.createdAt() == null || !goLive.isBefore(java.time.Instant.parse(key.createdAt()));
            return goLive.isBefore(retired) && afterCreation;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
