package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import dev.missioncontrol.core.audit.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An appeal token: a time-boxed waiver of one policy block on one object of one tenant, signed by an approver.
 *
 * <p>Format: a DSSE envelope (Ed25519, payload type {@code application/vnd.in-toto+json}) over an in-toto Statement v1
 * whose single subject is the object reference ({@code Kind/namespace/name}) with the sha256 of the object's
 * {@link CanonicalSpec}, and whose predicate ({@link #PREDICATE_TYPE}) holds tenant, policy, object, specSha256,
 * notBefore, notAfter (RFC 3339, UTC), ticket and approver. The envelope's signature names the approver's key id;
 * the trust list is an {@link ApproverTrustList}: a {@link KeyRing} of approver public keys (retired keys are not
 * trusted) whose every key names the approver who holds it, so a token's {@code approver} must be the holder of the key
 * that signed it; no overload checks the keys without the names.
 *
 * <p>{@link #verify} reports one {@link Reason} per failure, so a refused token says everything that is wrong at once.
 */
public final class AppealToken {

    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/onboarding/appeal/v1";
    /** The purpose of the approver trust list (a {@link KeyRing}): its file is {@code onboarding-approvers.json}. */
    public static final String TRUST_LIST_PURPOSE = "onboarding-approvers";
    /** The longest window any token may have; a platform may configure a shorter one, never a longer one. */
    public static final Duration MAX_WINDOW = Duration.ofHours(72);

    private AppealToken() {
    }

    /** Why a token is refused. Each is a greppable condition reason. */
    public enum Reason {
        /** Not a DSSE envelope over an appeal Statement, or a field missing or unreadable. */
        Malformed,
        /** The signing key is in the trust list but the signature does not verify (the token was altered). */
        BadSignature,
        /** The signing key is not in the trust list, or is retired. */
        UnknownApprover,
        /** The token's approver is not the approver the trust list binds to the key that signed it. */
        ApproverNotKeyHolder,
        /** The token waives a block of another tenant. */
        ForeignTenant,
        /** The token names another object. */
        WrongObject,
        /** The object's spec changed since the token was signed; a changed object needs a new token. */
        SpecChanged,
        /** Now is before notBefore. */
        NotYetValid,
        /** Now is at or after notAfter. */
        Expired,
        /** notAfter - notBefore is longer than the allowed window. */
        WindowTooLong
    }

    /** The waiver a token carries. */
    public record Claims(String tenant, String policy, ObjectRef object, String specSha256, Instant notBefore,
            Instant notAfter, String ticket, String approver) {

        public Claims {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(specSha256, "specSha256");
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(approver, "approver");
        }

        public Duration window() {
            return Duration.between(notBefore, notAfter);
        }
    }

    /** One failure: the reason and a message that says what to do. */
    public record Failure(Reason reason, String message) {
    }

    /** The outcome: the claims when they could be read (even when refused), and the failures (none: accepted). */
    public record Verification(Optional<Claims> claims, List<Failure> failures) {

        public boolean accepted() {
            return failures.isEmpty();
        }

        public List<Reason> reasons() {
            return failures.stream().map(Failure::reason).toList();
        }
    }

    /** What the verifier expects: the tenant, the blocked object and its current spec hash, and the policy (null: any). */
    public record Expected(String tenant, ObjectRef object, String specSha256, String policy) {
    }

    /** The Statement a token signs. */
    public static ObjectNode statement(Claims c) {
        ObjectNode p = CanonicalJson.MAPPER.createObjectNode();
        p.put("tenant", c.tenant());
        p.put("policy", c.policy());
        p.put("object", c.object().toString());
        p.put("specSha256", c.specSha256());
        p.put("notBefore", c.notBefore().toString());
        p.put("notAfter", c.notAfter().toString());
        p.put("ticket", c.ticket());
        p.put("approver", c.approver());
        return InTotoStatement.of(c.object().toString(), c.specSha256(), PREDICATE_TYPE, p);
    }

    /** Signs a token; refuses a window that is empty or longer than {@code maxWindow} (at most 72 h). */
    public static Dsse.Envelope create(Claims claims, PrivateKey key, String keyId, Duration maxWindow) {
        Duration max = checkedMax(maxWindow);
        if (!claims.notAfter().isAfter(claims.notBefore())) {
            throw new IllegalArgumentException("notAfter " + claims.notAfter() + " must be after notBefore " + claims.notBefore());
        }
        if (claims.window().compareTo(max) > 0) {
            throw new IllegalArgumentException("the window " + claims.window() + " is longer than " + max
                    + "; an appeal token is valid for at most " + max + ", sign a new one when it ends");
        }
        byte[] body = CanonicalJson.write(statement(claims)).getBytes(StandardCharsets.UTF_8);
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, body, key, keyId);
    }

    /** The token as one line of JSON (what a tenant pastes into its spec). */
    public static String toJson(Dsse.Envelope envelope) {
        return CanonicalJson.write(envelope);
    }

    /** Parses a token; IllegalArgumentException when the text is not a DSSE envelope. */
    public static Dsse.Envelope parse(String json) {
        try {
            Dsse.Envelope e = CanonicalJson.MAPPER.readValue(json, Dsse.Envelope.class);
            if (e == null || e.payloadType() == null || e.payload() == null || e.signatures() == null) {
                throw new IllegalArgumentException("not a DSSE envelope: payloadType, payload and signatures are required");
            }
            return e;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a DSSE envelope: " + e.getOriginalMessage());
        }
    }

    /** The envelope's digest, how evidence names the waivers it used: sha256 of the envelope's canonical JSON. */
    public static String digest(Dsse.Envelope envelope) {
        return CanonicalJson.sha256(CanonicalJson.MAPPER.valueToTree(envelope));
    }

    /**
     * Verifies a token given as text against the approvers' trust list (unparseable text is {@link Reason#Malformed}):
     * the signature under a current key of the list, the claims against what it must waive, the window at {@code now},
     * and the token's approver must be the name the list binds to the signing key ({@link Reason#ApproverNotKeyHolder}
     * otherwise). There is no overload for a plain key ring: no token is ever checked without its approver's name.
     */
    public static Verification verify(String token, ApproverTrustList trust, Expected expected, Instant now, Duration maxWindow) {
        Dsse.Envelope envelope;
        try {
            envelope = parse(token);
        } catch (IllegalArgumentException e) {
            return malformed(e);
        }
        return verify(envelope, trust, expected, now, maxWindow);
    }

    /** Verifies a token against the approvers' trust list, the approver's name bound to the signing key included. */
    public static Verification verify(Dsse.Envelope envelope, ApproverTrustList trust, Expected expected, Instant now,
            Duration maxWindow) {
        return verify(envelope, trust.ring(), trust, expected, now, maxWindow);
    }

    private static Verification malformed(IllegalArgumentException e) {
        return new Verification(Optional.empty(), List.of(new Failure(Reason.Malformed, e.getMessage()
                + "; ask the approver for the token as `mcctl onboarding appeal` printed it")));
    }

    private static Verification verify(Dsse.Envelope envelope, KeyRing trust, ApproverTrustList names, Expected expected,
            Instant now, Duration maxWindow) {
        Duration max = checkedMax(maxWindow);
        Claims claims;
        try {
            claims = claims(envelope);
        } catch (IllegalArgumentException e) {
            return new Verification(Optional.empty(), List.of(new Failure(Reason.Malformed, e.getMessage())));
        }
        List<Failure> failures = new ArrayList<>();
        String keyId = KeyRing.signer(envelope).orElse(null);
        Optional<KeyRing.Key> key = trust.keys().stream()
                .filter(k -> k.retiredAt() == null && k.keyid().equals(keyId)).findFirst();
        if (key.isEmpty()) {
            failures.add(new Failure(Reason.UnknownApprover, "the token is signed with key " + keyId
                    + ", which is not a current key of the approver trust list '" + trust.purpose()
                    + "'; ask an approver listed there to sign a new token"));
        } else if (!Dsse.verify(envelope, key.get().publicKey())) {
            failures.add(new Failure(Reason.BadSignature, "the signature of key " + keyId
                    + " does not verify: the token was altered after signing; use the token exactly as the approver issued it"));
        }
        if (key.isPresent() && names != null) {
            Optional<String> holder = names.approverOf(keyId);
            if (holder.isEmpty()) {
                failures.add(new Failure(Reason.ApproverNotKeyHolder, "key " + keyId + " binds no approver in the trust list "
                        + ApproverTrustList.CONFIGMAP + ", so it cannot vouch for approver '" + claims.approver()
                        + "'; a platform admin adds \"approver\" to the key's entry"));
            } else if (!holder.get().equals(claims.approver())) {
                failures.add(new Failure(Reason.ApproverNotKeyHolder, "the token names approver '" + claims.approver()
                        + "', but key " + keyId + " that signed it belongs to '" + holder.get()
                        + "'; an approver signs only in their own name: ask '" + claims.approver() + "' to sign with their own key"));
            }
        }
        if (!claims.tenant().equals(expected.tenant())) {
            failures.add(new Failure(Reason.ForeignTenant, "the token waives a block of tenant '" + claims.tenant()
                    + "', not of '" + expected.tenant() + "'; a token applies to one tenant only"));
        }
        boolean policyDiffers = expected.policy() != null && !expected.policy().equals(claims.policy());
        if (!claims.object().equals(expected.object()) || policyDiffers) {
            failures.add(new Failure(Reason.WrongObject, "the token waives policy '" + claims.policy() + "' on " + claims.object()
                    + ", not " + (expected.policy() == null ? "" : "policy '" + expected.policy() + "' on ") + expected.object()
                    + "; request a token for this object and policy"));
        } else if (!claims.specSha256().equals(expected.specSha256())) {
            failures.add(new Failure(Reason.SpecChanged, "the token was signed for spec sha256 " + claims.specSha256()
                    + " of " + claims.object() + ", which is now " + expected.specSha256()
                    + "; the object changed, so request a new token for its current spec"));
        }
        if (now.isBefore(claims.notBefore())) {
            failures.add(new Failure(Reason.NotYetValid, "the token is valid from " + claims.notBefore() + ", now is " + now
                    + "; wait, or ask for a token that starts now"));
        }
        if (!now.isBefore(claims.notAfter())) {
            failures.add(new Failure(Reason.Expired, "the token expired at " + claims.notAfter()
                    + "; fix the blocked object or request a new token"));
        }
        if (claims.window().compareTo(max) > 0) {
            failures.add(new Failure(Reason.WindowTooLong, "the token's window " + claims.window() + " is longer than the allowed "
                    + max + "; ask for a token valid for at most " + max));
        }
        return new Verification(Optional.of(claims), List.copyOf(failures));
    }

    /** Reads the claims from an envelope without checking its signature; IllegalArgumentException names what is wrong. */
    public static Claims claims(Dsse.Envelope envelope) {
        if (envelope == null || !Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new IllegalArgumentException("payloadType must be " + Dsse.IN_TOTO_PAYLOAD_TYPE);
        }
        JsonNode st;
        try {
            st = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new IllegalArgumentException("the payload is not base64 JSON");
        }
        if (!InTotoStatement.hasTypes(st, PREDICATE_TYPE)) {
            throw new IllegalArgumentException("the payload is not an in-toto Statement v1 of type " + PREDICATE_TYPE);
        }
        JsonNode p = st.path("predicate");
        ObjectRef object = ObjectRef.parse(text(p, "object"));
        String spec = text(p, "specSha256");
        JsonNode subjects = st.path("subject");
        if (subjects.size() != 1 || !object.toString().equals(subjects.get(0).path("name").asText())
                || !spec.equals(subjects.get(0).path("digest").path("sha256").asText())) {
            throw new IllegalArgumentException("the Statement's subject must be exactly the predicate's object and specSha256");
        }
        Instant notBefore = instant(p, "notBefore");
        Instant notAfter = instant(p, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        return new Claims(text(p, "tenant"), text(p, "policy"), object, spec, notBefore, notAfter, text(p, "ticket"), text(p, "approver"));
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("predicate." + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode p, String field) {
        try {
            return Instant.parse(text(p, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("predicate." + field + " is not an RFC 3339 UTC time such as 2026-01-02T03:04:05Z");
        }
    }

    private static Duration checkedMax(Duration maxWindow) {
        Duration max = maxWindow == null ? MAX_WINDOW : maxWindow;
        if (max.isNegative() || max.isZero() || max.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("the configured appeal window " + max + " must be positive and at most " + MAX_WINDOW);
        }
        return max;
    }
}
