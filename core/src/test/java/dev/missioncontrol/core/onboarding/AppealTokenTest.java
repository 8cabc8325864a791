package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AppealTokenTest {

    private static final KeyPair APPROVER = Ed25519Keys.generate();
    private static final KeyPair STRANGER = Ed25519Keys.generate();
    private static final ApproverTrustList TRUST = ApproverTrustList.of("alice@platform", APPROVER.getPublic(), "2026-01-01T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectRef POD = new ObjectRef("Pod", "t1-web", "debug");
    private static final String SPEC = CanonicalSpec.sha256(CanonicalJson.MAPPER.createObjectNode().put("kind", "Pod"));
    private static final AppealToken.Expected EXPECTED = new AppealToken.Expected("t1", POD, SPEC, "no-host-network");

    private static AppealToken.Claims claims(Instant from, Instant to) {
        return new AppealToken.Claims("t1", "no-host-network", POD, SPEC, from, to, "OPS-1", "alice@platform");
    }

    private static Dsse.Envelope token(AppealToken.Claims c, KeyPair key) {
        return AppealToken.create(c, key.getPrivate(), Ed25519Keys.keyId(key.getPublic()), null);
    }

    private static AppealToken.Verification verify(Dsse.Envelope e, Instant now) {
        return AppealToken.verify(AppealToken.toJson(e), TRUST, EXPECTED, now, null);
    }

    @Test
    void aGoodTokenIsAcceptedInsideItsWindowAndItsClaimsRoundTrip() {
        var c = claims(T0, T0.plus(Duration.ofHours(72)));
        var v = verify(token(c, APPROVER), T0.plusSeconds(1));
        assertThat(v.failures()).isEmpty();
        assertThat(v.accepted()).isTrue();
        assertThat(v.claims()).contains(c);
        // the Statement is the in-toto v1 shape with the object as its subject
        ObjectNode st = AppealToken.statement(c);
        assertThat(st.path("subject").get(0).path("name").asText()).isEqualTo("Pod/t1-web/debug");
        assertThat(st.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo(SPEC);
        assertThat(st.path("predicateType").asText()).isEqualTo(AppealToken.PREDICATE_TYPE);
        // an accepted token at its first instant; the digest is stable
        assertThat(verify(token(c, APPROVER), T0).accepted()).isTrue();
        var e = token(c, APPROVER);
        assertThat(AppealToken.digest(e)).isEqualTo(AppealToken.digest(AppealToken.parse(AppealToken.toJson(e)))).hasSize(64);
    }

    @Test
    void aFlippedSignatureByteIsBadSignature() {
        var e = token(claims(T0, T0.plusSeconds(20)), APPROVER);
        byte[] sig = Base64.getDecoder().decode(e.signatures().get(0).sig());
        sig[7] ^= 0x01;
        var flipped = new Dsse.Envelope(e.payloadType(), e.payload(),
                List.of(new Dsse.Sig(e.signatures().get(0).keyid(), Base64.getEncoder().encodeToString(sig))));
        assertThat(verify(flipped, T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.BadSignature);
    }

    @Test
    void anAlteredPayloadIsBadSignature() {
        var e = token(claims(T0, T0.plusSeconds(20)), APPROVER);
        String longer = new String(e.payloadBytes(), StandardCharsets.UTF_8).replace("2026-12-01T10:00:20Z", "2026-12-01T11:00:20Z");
        var altered = new Dsse.Envelope(e.payloadType(), Base64.getEncoder().encodeToString(longer.getBytes(StandardCharsets.UTF_8)),
                e.signatures());
        var v = verify(altered, T0.plusSeconds(30));
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.BadSignature);
    }

    @Test
    void aKeyOutsideTheTrustListOrRetiredIsUnknownApprover() {
        var c = claims(T0, T0.plusSeconds(20));
        assertThat(verify(token(c, STRANGER), T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.UnknownApprover);
        // a stranger who claims the approver's key id still fails: that key does not verify the signature
        var forged = AppealToken.create(c, STRANGER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()), null);
        assertThat(verify(forged, T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.BadSignature);
        var old = TRUST.keys().get(0);
        var rotated = new ApproverTrustList(TRUST.purpose(), List.of(new ApproverTrustList.Entry(old.keyid(), old.ed25519(), old.approver(),
                old.createdAt(), "2026-06-01T00:00:00Z"))).with("alice@platform", STRANGER.getPublic(), "2026-06-01T00:00:00Z");
        var v = AppealToken.verify(token(c, APPROVER), rotated, EXPECTED, T0.plusSeconds(1), null);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.UnknownApprover);
        assertThat(v.failures().get(0).message()).contains("onboarding-approvers", Ed25519Keys.keyId(APPROVER.getPublic()));
    }

    @Test
    void anotherTenantIsForeignTenant() {
        var c = new AppealToken.Claims("t2", "no-host-network", POD, SPEC, T0, T0.plusSeconds(20), "OPS-1", "alice@platform");
        var v = verify(token(c, APPROVER), T0.plusSeconds(1));
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.ForeignTenant);
        assertThat(v.failures().get(0).message()).contains("'t2'", "'t1'");
    }

    @Test
    void anotherObjectOrPolicyIsWrongObject() {
        var other = new AppealToken.Claims("t1", "no-host-network", new ObjectRef("Pod", "t1-web", "other"), SPEC, T0,
                T0.plusSeconds(20), "OPS-1", "alice@platform");
        assertThat(verify(token(other, APPROVER), T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.WrongObject);
        var otherPolicy = new AppealToken.Claims("t1", "allowed-registries", POD, SPEC, T0, T0.plusSeconds(20), "OPS-1", "alice@platform");
        assertThat(verify(token(otherPolicy, APPROVER), T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.WrongObject);
        // no policy expected: any policy on the right object is accepted
        var anyPolicy = new AppealToken.Expected("t1", POD, SPEC, null);
        assertThat(AppealToken.verify(token(otherPolicy, APPROVER), TRUST, anyPolicy, T0.plusSeconds(1), null).accepted()).isTrue();
    }

    @Test
    void aChangedSpecIsSpecChanged() {
        var changed = new AppealToken.Expected("t1", POD, "0".repeat(64), "no-host-network");
        var v = AppealToken.verify(token(claims(T0, T0.plusSeconds(20)), APPROVER), TRUST, changed, T0.plusSeconds(1), null);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.SpecChanged);
        assertThat(v.failures().get(0).message()).contains("request a new token");
    }

    @Test
    void theWindowIsCheckedAtBothEndsAndNotAfterIsExclusive() {
        var e = token(claims(T0, T0.plusSeconds(20)), APPROVER);
        assertThat(verify(e, T0.minusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.NotYetValid);
        assertThat(verify(e, T0.plusSeconds(19)).accepted()).isTrue();
        assertThat(verify(e, T0.plusSeconds(20)).reasons()).containsExactly(AppealToken.Reason.Expired);
    }

    @Test
    void aWindowLongerThanTheLimitIsWindowTooLongAndTheLimitCanOnlyBeLowered() {
        var longOne = token(claims(T0, T0.plus(Duration.ofHours(10))), APPROVER);
        var v = AppealToken.verify(longOne, TRUST, EXPECTED, T0.plusSeconds(1), Duration.ofHours(8));
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.WindowTooLong);
        assertThat(AppealToken.verify(longOne, TRUST, EXPECTED, T0.plusSeconds(1), Duration.ofHours(10)).accepted()).isTrue();
        assertThatThrownBy(() -> AppealToken.verify(longOne, TRUST, EXPECTED, T0, Duration.ofHours(73)))
                .hasMessageContaining("at most PT72H");
        assertThatThrownBy(() -> token(claims(T0, T0.plus(Duration.ofHours(72)).plusSeconds(1)), APPROVER))
                .hasMessageContaining("at most PT72H");
        assertThatThrownBy(() -> token(claims(T0, T0), APPROVER)).hasMessageContaining("must be after notBefore");
        // a token that claims a longer window than 72 h (signed by hand) is refused by every verifier
        ObjectNode st = AppealToken.statement(claims(T0, T0.plus(Duration.ofHours(100))));
        var handMade = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8),
                APPROVER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()));
        assertThat(verify(handMade, T0.plusSeconds(1)).reasons()).containsExactly(AppealToken.Reason.WindowTooLong);
    }

    @Test
    void everyFailureIsReportedAtOnce() {
        var c = new AppealToken.Claims("t2", "no-host-network", POD, SPEC, T0, T0.plusSeconds(20), "OPS-1", "alice@platform");
        var changed = new AppealToken.Expected("t1", POD, "1".repeat(64), null);
        var v = AppealToken.verify(token(c, STRANGER), TRUST, changed, T0.plusSeconds(30), null);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.UnknownApprover, AppealToken.Reason.ForeignTenant,
                AppealToken.Reason.SpecChanged, AppealToken.Reason.Expired);
    }

    @Test
    void malformedTokensAreMalformed() {
        assertThat(AppealToken.verify("not json", TRUST, EXPECTED, T0, null).reasons()).containsExactly(AppealToken.Reason.Malformed);
        assertThat(AppealToken.verify("{}", TRUST, EXPECTED, T0, null).reasons()).containsExactly(AppealToken.Reason.Malformed);
        var notAppeal = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                APPROVER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()));
        var v = verify(notAppeal, T0);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.Malformed);
        assertThat(v.claims()).isEmpty();
        var wrongType = Dsse.sign("text/plain", "x".getBytes(StandardCharsets.UTF_8), APPROVER.getPrivate(), "k");
        assertThat(verify(wrongType, T0).reasons()).containsExactly(AppealToken.Reason.Malformed);
        // a predicate without its ticket, and a subject that disagrees with the predicate
        ObjectNode st = AppealToken.statement(claims(T0, T0.plusSeconds(20)));
        ((ObjectNode) st.path("predicate")).remove("ticket");
        assertThat(verify(signed(st), T0).failures().get(0).message()).contains("predicate.ticket");
        ObjectNode st2 = AppealToken.statement(claims(T0, T0.plusSeconds(20)));
        ((ObjectNode) st2.path("subject").get(0).path("digest")).put("sha256", "00");
        assertThat(verify(signed(st2), T0).reasons()).containsExactly(AppealToken.Reason.Malformed);
        ObjectNode st3 = AppealToken.statement(claims(T0, T0.plusSeconds(20)));
        ((ObjectNode) st3.path("predicate")).put("notAfter", "tomorrow");
        assertThat(verify(signed(st3), T0).failures().get(0).message()).contains("predicate.notAfter", "RFC 3339");
    }

    private static Dsse.Envelope signed(ObjectNode st) {
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8), APPROVER.getPrivate(),
                Ed25519Keys.keyId(APPROVER.getPublic()));
    }

    @Test
    void canonicalSpecIgnoresWhatTheServerWritesAndObjectRefsParse() throws Exception {
        var rendered = (ObjectNode) CanonicalJson.MAPPER.readTree(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"},\"data\":{\"k\":\"v\"}}");
        var live = (ObjectNode) CanonicalJson.MAPPER.readTree("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\"},"
                + "\"metadata\":{\"namespace\":\"n\",\"name\":\"a\",\"uid\":\"u\",\"resourceVersion\":\"7\",\"generation\":1,"
                + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"managedFields\":[{}],"
                + "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}},\"status\":{}}");
        assertThat(CanonicalSpec.sha256(live)).isEqualTo(CanonicalSpec.sha256(rendered));
        ((ObjectNode) live.path("data")).put("k", "w");
        assertThat(CanonicalSpec.sha256(live)).isNotEqualTo(CanonicalSpec.sha256(rendered));
        assertThat(live.path("metadata").has("uid")).as("the input is not modified").isTrue();
        assertThat(ObjectRef.parse("Namespace/t1-web")).isEqualTo(new ObjectRef("Namespace", null, "t1-web"));
        assertThat(ObjectRef.parse("Pod/t1-web/x").toString()).isEqualTo("Pod/t1-web/x");
        assertThat(ObjectRef.of(rendered)).isEqualTo(new ObjectRef("ConfigMap", "n", "a"));
        assertThatThrownBy(() -> ObjectRef.parse("Pod//x")).hasMessageContaining("Kind/namespace/name");
        assertThatThrownBy(() -> ObjectRef.parse("Pod")).hasMessageContaining("Kind/namespace/name");
    }
}
