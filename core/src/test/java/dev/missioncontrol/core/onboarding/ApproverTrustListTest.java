package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The approvers' trust list binds each key to the approver who holds it; a token names its approver truthfully or fails. */
@Tag("unit")
class ApproverTrustListTest {

    private static final KeyPair ALICE = Ed25519Keys.generate();
    private static final KeyPair BOB = Ed25519Keys.generate();
    private static final String A = "alice@platform.example";
    private static final String B = "bob@platform.example";
    private static final ApproverTrustList TRUST = ApproverTrustList.of(A, ALICE.getPublic(), "2026-01-01T00:00:00Z")
            .with(B, BOB.getPublic(), "2026-01-02T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectRef POD = new ObjectRef("Pod", "t1-web", "debug");
    private static final String SPEC = CanonicalSpec.sha256(CanonicalJson.MAPPER.createObjectNode().put("kind", "Pod"));
    private static final AppealToken.Expected EXPECTED = new AppealToken.Expected("t1", POD, SPEC, "no-host-network");

    private static Dsse.Envelope token(String approver, KeyPair key) {
        var c = new AppealToken.Claims("t1", "no-host-network", POD, SPEC, T0, T0.plusSeconds(20), "OPS-1", approver);
        return AppealToken.create(c, key.getPrivate(), Ed25519Keys.keyId(key.getPublic()), null);
    }

    private static AppealToken.Verification verify(Dsse.Envelope e, ApproverTrustList trust) {
        return AppealToken.verify(AppealToken.toJson(e), trust, EXPECTED, T0.plusSeconds(1), null);
    }

    @Test
    void aTokenSignedByTheNamedApproversOwnKeyIsAccepted() {
        assertThat(verify(token(A, ALICE), TRUST).accepted()).isTrue();
        assertThat(verify(token(B, BOB), TRUST).accepted()).isTrue();
        assertThat(AppealToken.verify(token(A, ALICE), TRUST, EXPECTED, T0, null).accepted()).isTrue();
    }

    @Test
    void aTokenInAnotherApproversNameIsApproverNotKeyHolder() {
        // Bob signs with his own (trusted) key but writes Alice's name: the signature verifies, the name does not.
        var v = verify(token(A, BOB), TRUST);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.ApproverNotKeyHolder);
        assertThat(v.failures().get(0).message()).contains("'" + A + "'", "belongs to '" + B + "'", Ed25519Keys.keyId(BOB.getPublic()));
    }

    @Test
    void aKeyWithoutAnApproverVouchesForNobody() {
        var unnamed = new ApproverTrustList(AppealToken.TRUST_LIST_PURPOSE, java.util.List.of(
                new ApproverTrustList.Entry(Ed25519Keys.keyId(ALICE.getPublic()), Ed25519Keys.rawPublicHex(ALICE.getPublic()), null,
                        "2026-01-01T00:00:00Z", null)));
        var v = verify(token(A, ALICE), ApproverTrustList.parse(unnamed.toJson()));
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.ApproverNotKeyHolder);
        assertThat(v.failures().get(0).message()).contains("binds no approver", ApproverTrustList.CONFIGMAP);
    }

    @Test
    void otherFailuresStillComeFirstAndAloneWhereTheyApply() {
        // a stranger's key: UnknownApprover only (no name to compare with)
        var v = verify(token(A, Ed25519Keys.generate()), TRUST);
        assertThat(v.reasons()).containsExactly(AppealToken.Reason.UnknownApprover);
        // a retired key binds nobody any more
        var retired = ApproverTrustList.parse(TRUST.toJson().replace("\"createdAt\" : \"2026-01-01T00:00:00Z\"",
                "\"createdAt\" : \"2026-01-01T00:00:00Z\", \"retiredAt\" : \"2026-06-01T00:00:00Z\""));
        assertThat(retired.approverOf(Ed25519Keys.keyId(ALICE.getPublic()))).isEmpty();
        assertThat(verify(token(A, ALICE), retired).reasons()).containsExactly(AppealToken.Reason.UnknownApprover);
        assertThat(AppealToken.verify("{", TRUST, EXPECTED, T0, null).reasons()).containsExactly(AppealToken.Reason.Malformed);
    }

    @Test
    void theListRoundTripsReadsAsAKeyRingAndRefusesBrokenEntries() {
        String json = TRUST.toJson();
        assertThat(ApproverTrustList.parse(json)).isEqualTo(TRUST);
        assertThat(json).contains("\"approver\" : \"" + A + "\"", "\"purpose\" : \"onboarding-approvers\"");
        KeyRing ring = KeyRing.parse(json);
        assertThat(ring.keys()).hasSize(2);
        assertThat(ring).isEqualTo(TRUST.ring());
        assertThatThrownBy(() -> ApproverTrustList.parse(json.replace(Ed25519Keys.rawPublicHex(ALICE.getPublic()),
                Ed25519Keys.rawPublicHex(BOB.getPublic())))).hasMessageContaining("does not match its key id");
        assertThatThrownBy(() -> ApproverTrustList.parse(TRUST.with("eve", ALICE.getPublic(), "x").toJson()))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ApproverTrustList.parse(json.replace("onboarding-approvers", "audit")))
                .hasMessageContaining("purpose audit");
        assertThatThrownBy(() -> ApproverTrustList.parse("[")).hasMessageContaining("not an approver trust list");
        assertThat(ApproverTrustList.CONFIGMAP).isEqualTo("mission-control-onboarding-approvers");
        assertThat(ApproverTrustList.DATA_KEY).isEqualTo("onboarding-approvers.json");
    }
}
