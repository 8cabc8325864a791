package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.onboarding.ApproverTrustList;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.Budget;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import dev.missioncontrol.core.onboarding.EvidenceStatement.SimulationRow;
import dev.missioncontrol.core.onboarding.ObjectRef;
import dev.missioncontrol.core.onboarding.Pack;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.core.onboarding.RenderRequest;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OnboardingPlannerTest {

    static final KeyPair APPROVER = Ed25519Keys.generate();
    static final ApproverTrustList TRUST = ApproverTrustList.of("alice", APPROVER.getPublic(), "2026-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    static final ObjectRef POD = new ObjectRef("Pod", "t1-app", "probe");

    static PackRenderer.Rendered rendered() {
        ObjectNode pod;
        try {
            pod = (ObjectNode) CanonicalJson.MAPPER.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"probe\"},"
                    + "\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var pack = new Pack("clean", "1.0.0", Map.of(), List.of(new Pack.NamespaceTemplate("app", 1)), null, null, "baseline", false,
                List.of(), List.of("onboarded"), null, "standard", List.of(new Pack.WorkloadTemplate("app", pod)));
        return PackRenderer.render(pack, new RenderRequest("t1", "cc-1", List.of(), Map.of(), new Budget(10, "4", "8Gi", "10Gi", 100)));
    }

    static ObjectNode object(PackRenderer.Rendered r, ObjectRef ref) {
        return r.objects().stream().filter(o -> ObjectRef.of(o).equals(ref)).findFirst().orElseThrow();
    }

    static String token(PackRenderer.Rendered r, String policy, Instant notAfter) {
        var claims = new AppealToken.Claims("t1", policy, POD, CanonicalSpec.sha256(object(r, POD)), NOW.minusSeconds(60), notAfter, "OPS-1", "alice");
        return AppealToken.toJson(AppealToken.create(claims, APPROVER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()), Duration.ofHours(72)));
    }

    static OnboardingPlanner.Inputs inputs(PackRenderer.Rendered r, List<SimulationRow> answers, List<String> tokens, boolean goLive,
            boolean live, Instant now) {
        return new OnboardingPlanner.Inputs("t1", r, answers, tokens, Optional.of(TRUST), null, Duration.ofHours(72), now, goLive,
                List.of("alice"), List.of(), live, List.of());
    }

    static final SimulationRow HOST_NETWORK = new SimulationRow(POD, "PodSecurity", "Deny", "violates PodSecurity baseline: hostNetwork", null);

    @Test
    void aCleanSimulationWithGoLiveAndOwnersGoesLiveWithEveryObject() {
        var r = rendered();
        var plan = OnboardingPlanner.plan(inputs(r, List.of(), List.of(), true, false, NOW));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Live);
        assertThat(plan.goLiveNow()).isTrue();
        assertThat(plan.flagsOn()).isTrue();
        assertThat(plan.rows()).isEmpty();
        assertThat(plan.toApply()).hasSize(r.objects().size());
    }

    @Test
    void withoutGoLiveOrOwnersItWaitsReady() {
        var r = rendered();
        assertThat(OnboardingPlanner.plan(inputs(r, List.of(), List.of(), false, false, NOW)).reason()).isEqualTo("AwaitingGoLive");
        var noOwners = new OnboardingPlanner.Inputs("t1", r, List.of(), List.of(), Optional.of(TRUST), null, null, NOW, true, List.of(),
                List.of(), false, List.of());
        var plan = OnboardingPlanner.plan(noOwners);
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Ready);
        assertThat(plan.reason()).isEqualTo("OwnersMissing");
        assertThat(plan.goLiveNow()).isFalse();
    }

    @Test
    void aDenialBlocksAndAWarningDoesNot() {
        var r = rendered();
        var warn = new SimulationRow(new ObjectRef("Namespace", null, "t1-app"), "registry-policy", "Warn", "careful", null);
        var plan = OnboardingPlanner.plan(inputs(r, List.of(HOST_NETWORK, warn), List.of(), true, false, NOW));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Blocked);
        assertThat(plan.reason()).isEqualTo("PolicyBlocked");
        assertThat(plan.message()).contains("Pod/t1-app/probe").contains("nothing is created");
        assertThat(plan.blocks()).isEqualTo(1);
        assertThat(plan.goLiveNow()).isFalse();
    }

    @Test
    void anAcceptedTokenWaivesItsBlockGoLiveSkipsTheDeniedObjectAndTheOperatorLooksAgainAtNotAfter() {
        var r = rendered();
        Instant notAfter = NOW.plusSeconds(20);
        var plan = OnboardingPlanner.plan(inputs(r, List.of(HOST_NETWORK), List.of(token(r, "PodSecurity", notAfter)), true, false, NOW));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Live);
        assertThat(plan.goLiveNow()).isTrue();
        assertThat(plan.rows()).singleElement().satisfies(row -> assertThat(row.waivedBy()).isEqualTo(plan.accepted().get(0).digest()));
        assertThat(plan.toApply()).extracting(ObjectRef::of).doesNotContain(POD);
        assertThat(plan.recheckAt()).contains(notAfter);
    }

    @Test
    void aLiveTenantWhoseWaiverExpiredIsSuspendedWithAConditionNamingTheToken() {
        var r = rendered();
        var token = token(r, "PodSecurity", NOW.plusSeconds(20));
        var plan = OnboardingPlanner.plan(inputs(r, List.of(HOST_NETWORK), List.of(token), true, true, NOW.plusSeconds(21)));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Suspended);
        assertThat(plan.reason()).isEqualTo("WaiverExpired");
        assertThat(plan.message()).contains("spec.appealTokens[0]");
        assertThat(plan.flagsOn()).isFalse();
        assertThat(plan.rejected()).singleElement().satisfies(x -> assertThat(x.reasons()).containsExactly(AppealToken.Reason.Expired));
    }

    @Test
    void aTokenForAnotherSpecOrWithAFlippedSignatureByteIsRefusedWithItsOwnReason() {
        var r = rendered();
        var other = new AppealToken.Claims("t1", "PodSecurity", POD, "0".repeat(64), NOW.minusSeconds(60), NOW.plusSeconds(60), "OPS-1", "alice");
        String stale = AppealToken.toJson(AppealToken.create(other, APPROVER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()), null));
        Dsse.Envelope good = AppealToken.parse(token(r, "PodSecurity", NOW.plusSeconds(60)));
        byte[] sig = Base64.getDecoder().decode(good.signatures().get(0).sig());
        sig[0] ^= 1;
        var flipped = new Dsse.Envelope(good.payloadType(), good.payload(),
                List.of(new Dsse.Sig(good.signatures().get(0).keyid(), Base64.getEncoder().encodeToString(sig))));
        var plan = OnboardingPlanner.plan(inputs(r, List.of(HOST_NETWORK), List.of(stale, AppealToken.toJson(flipped), "not json"),
                true, false, NOW));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Blocked);
        assertThat(plan.rejected()).extracting(OnboardingPlanner.Rejected::index).containsExactly(0, 1, 2);
        assertThat(plan.rejected().get(0).reasons()).containsExactly(AppealToken.Reason.SpecChanged);
        assertThat(plan.rejected().get(1).reasons()).containsExactly(AppealToken.Reason.BadSignature);
        assertThat(plan.rejected().get(2).reasons()).containsExactly(AppealToken.Reason.Malformed);
    }

    @Test
    void aTokenInAnotherApproversNameIsRefusedThoughTheKeyIsTrusted() {
        var r = rendered();
        var claims = new AppealToken.Claims("t1", "PodSecurity", POD, CanonicalSpec.sha256(object(r, POD)), NOW.minusSeconds(60),
                NOW.plusSeconds(60), "OPS-1", "bob");
        String asBob = AppealToken.toJson(AppealToken.create(claims, APPROVER.getPrivate(), Ed25519Keys.keyId(APPROVER.getPublic()), null));
        var plan = OnboardingPlanner.plan(inputs(r, List.of(HOST_NETWORK), List.of(asBob), true, false, NOW));
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Blocked);
        assertThat(plan.rejected()).singleElement()
                .satisfies(x -> assertThat(x.reasons()).containsExactly(AppealToken.Reason.ApproverNotKeyHolder));
    }

    @Test
    void aTakenNamespaceOrARenderProblemBlocksWithNothingToApply() {
        var r = rendered();
        var taken = new OnboardingPlanner.Inputs("t1", r, List.of(), List.of(), Optional.of(TRUST), null, null, NOW, true, List.of("a"),
                List.of("t1-app"), false, List.of());
        var plan = OnboardingPlanner.plan(taken);
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Blocked);
        assertThat(plan.reason()).isEqualTo("NamespaceTaken");
        assertThat(plan.message()).contains("t1-app");
        assertThat(plan.toApply()).isEmpty();

        var bad = PackRenderer.render(new Pack("p", "1", Map.of(), List.of(new Pack.NamespaceTemplate("app", 1)), null, null, null, false,
                List.of(), List.of(), null, null), new RenderRequest("t1", "cc", List.of(), Map.of("tier", "gold"), new Budget(1, "1", "1Gi", "0", 0)));
        var refused = OnboardingPlanner.plan(inputs(bad, List.of(), List.of(), true, false, NOW));
        assertThat(refused.phase()).isEqualTo(OnboardingPhase.Blocked);
        assertThat(refused.reason()).isEqualTo("UnknownParameter");
        assertThat(refused.message()).contains("parameters.tier");
    }

    @Test
    void aLiveTenantOverBudgetIsSuspended() {
        var r = rendered();
        var in = new OnboardingPlanner.Inputs("t1", r, List.of(), List.of(), Optional.of(TRUST), null, null, NOW, true, List.of("a"),
                List.of(), true, List.of("pods: 11 used, budget 10"));
        var plan = OnboardingPlanner.plan(in);
        assertThat(plan.phase()).isEqualTo(OnboardingPhase.Suspended);
        assertThat(plan.reason()).isEqualTo("BudgetExceeded");
        assertThat(plan.flagsOn()).isFalse();
        assertThat(OnboardingPlanner.plan(new OnboardingPlanner.Inputs("t1", r, List.of(), List.of(), Optional.of(TRUST), null, null, NOW,
                true, List.of("a"), List.of(), true, new ArrayList<>())).phase()).isEqualTo(OnboardingPhase.Live);
    }
}
