package dev.missioncontrol.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's audit trail as a signed packet: the entries, hash-chained, inside an in-toto Statement whose
 * subject digest is the hash of the last entry, signed as a DSSE envelope with Ed25519.
 */
public final class AuditTrail {

    /** prevSha256 of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    public static final String STATEMENT_TYPE = InTotoStatement.TYPE;
    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/audit-trail/v1";

    private AuditTrail() {
    }

    /** What the trail is about; part of the signed statement. */
    public record Subject(String namespace, String name, String uid, String source, String tenant, String purpose,
            String requestedBy) {

        public String subjectName() {
            return "connectrequest/" + namespace + "/" + name;
        }
    }

    public static String hash(AuditEntry entry) {
        return CanonicalJson.sha256(CanonicalJson.MAPPER.valueToTree(entry));
    }

    /** The trail with one more entry, chained to the last one. */
    public static List<AuditEntry> append(List<AuditEntry> trail, String time, String actor, String from, String to,
            List<String> clausePreview, String note) {
        List<AuditEntry> next = new ArrayList<>(trail);
        String prev = trail.isEmpty() ? GENESIS : hash(trail.get(trail.size() - 1));
        next.add(new AuditEntry(trail.size() + 1, time, actor, from, to, List.copyOf(clausePreview), note, prev));
        return List.copyOf(next);
    }

    public static byte[] statement(Subject subject, List<AuditEntry> entries) {
        ObjectNode predicate = CanonicalJson.MAPPER.createObjectNode();
        predicate.set("request", CanonicalJson.MAPPER.valueToTree(subject));
        predicate.set("entries", CanonicalJson.MAPPER.valueToTree(entries));
        ObjectNode st = InTotoStatement.of(subject.subjectName(), entries.isEmpty() ? GENESIS : hash(entries.get(entries.size() - 1)),
                PREDICATE_TYPE, predicate);
        return CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8);
    }

    public static Dsse.Envelope seal(Subject subject, List<AuditEntry> entries, PrivateKey key, String keyId) {
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, statement(subject, entries), key, keyId);
    }

    /** Reads the entries back without verifying anything: for the operator's own, already verified, packets. */
    public static List<AuditEntry> entries(Dsse.Envelope envelope) {
        try {
            JsonNode st = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
            List<AuditEntry> out = new ArrayList<>();
            for (JsonNode e : st.path("predicate").path("entries")) {
                out.add(CanonicalJson.MAPPER.treeToValue(e, AuditEntry.class));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an audit packet: " + e.getMessage(), e);
        }
    }

    /** The outcome of checking one packet; each problem names the entry at fault when there is one. */
    public record Verification(boolean ok, int entries, List<String> problems) {
    }

    /** The subject the trail's statement names, read without verifying: check the verification first. */
    public static Subject subject(Dsse.Envelope envelope) {
        try {
            JsonNode st = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
            return CanonicalJson.MAPPER.treeToValue(st.path("predicate").path("request"), Subject.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an audit packet: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the packet with the key it names, which must be one of the ring's: a packet signed by any other key
     * (one a tenant made, say) fails, whatever key travels with it.
     */
    public static Verification verify(Dsse.Envelope envelope, KeyRing ring) {
        var keyId = KeyRing.signer(envelope);
        var key = keyId.flatMap(ring::find);
        if (key.isEmpty()) {
            return new Verification(false, 0, List.of("signature: signed with key " + keyId.orElse("(none)")
                    + ", which is not one of the operator's " + ring.purpose() + " keys"));
        }
        return verify(envelope, key.get());
    }

    /** Checks the signature, the statement, every chain link and the subject digest. */
    public static Verification verify(Dsse.Envelope envelope, PublicKey key) {
        List<String> problems = new ArrayList<>();
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            problems.add("payloadType is " + envelope.payloadType() + ", expected " + Dsse.IN_TOTO_PAYLOAD_TYPE);
        }
        if (!Dsse.verify(envelope, key)) {
            problems.add("signature: no signature verifies with the given public key (payload altered, or signed by another key)");
        }
        JsonNode st;
        try {
            st = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
        } catch (IOException | IllegalArgumentException e) {
            problems.add("payload is not JSON: " + e.getMessage());
            return new Verification(false, 0, problems);
        }
        if (!InTotoStatement.hasTypes(st, PREDICATE_TYPE)) {
            problems.add("payload is not a Mission Control audit-trail in-toto Statement");
        }
        JsonNode entries = st.path("predicate").path("entries");
        if (!(entries instanceof ArrayNode) || entries.isEmpty()) {
            problems.add("the statement holds no entries");
            return new Verification(false, 0, problems);
        }
        String prevHash = GENESIS;
        JsonNode prev = null;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String label = "entry " + (i + 1) + " (" + e.path("from").asText("") + " -> " + e.path("to").asText("") + ")";
            if (e.path("seq").asInt(-1) != i + 1) {
                problems.add(label + ": sequence number " + e.path("seq").asText() + ", expected " + (i + 1)
                        + " (an entry was removed or reordered)");
            }
            if (!prevHash.equals(e.path("prevSha256").asText())) {
                problems.add(label + ": prevSha256 does not match the hash of " + (i == 0 ? "the chain's start"
                        : "entry " + i) + " (entry " + Math.max(i, 1) + " was altered, removed or reordered)");
            }
            if (prev != null && !prev.path("to").asText().equals(e.path("from").asText())) {
                problems.add(label + ": starts from " + e.path("from").asText() + " but entry " + i + " ended in "
                        + prev.path("to").asText());
            }
            prevHash = CanonicalJson.sha256(e);
            prev = e;
        }
        String digest = st.path("subject").path(0).path("digest").path("sha256").asText();
        if (!prevHash.equals(digest)) {
            problems.add("entry " + entries.size() + " (last): its hash does not match the statement's subject digest "
                    + "(the last entry was altered, or entries were appended after signing)");
        }
        return new Verification(problems.isEmpty(), entries.size(), List.copyOf(problems));
    }
}
