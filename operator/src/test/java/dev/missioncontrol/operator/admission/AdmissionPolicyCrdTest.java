package dev.missioncontrol.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestStatus;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec.Milestone;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart's admission policies (templates/admission-policies.yaml, rendered by helm and installed by
 * hack/admission-policies.sh, as `make test` does) against the real API server, with impersonated users: a decision is
 * recorded under the user who makes it, that user is in the right group and is not the requester, and what is decided
 * stays decided. Every refusal is a 403 whose message says why and names the field.
 */
@Tag("apiserver")
class AdmissionPolicyCrdTest extends ApiServerCrdTest {

    static final String ALICE = "alice@acme.example";
    static final String CAROL = "carol@platform.example";
    static final String DAVE = "dave@platform.example";
    static final String SAM = "sam@platform.example";

    @BeforeAll
    void installPolicies() throws Exception {
        var install = ProcessRunner.run(Duration.ofMinutes(3), List.of(Path.of("..", "hack", "admission-policies.sh").toString()));
        assertThat(install.code()).as(install.output()).isZero();
        // A new policy reaches the API server's admission plugin a moment later: wait until one refuses.
        var probe = ConnectRequests.request(namespace, "probe", "src", "acme", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.resource(probe).dryRun().create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 && e.getMessage().contains("spec.requestedBy must name the user")) {
                    return;
                }
                throw e;
            }
            assertThat(System.nanoTime()).as("the admission policies refuse nothing 30 s after their install").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    // ---------------------------------------------------------------- ConnectRequest

    @Test
    void theRequesterIsTheUserWhoCreatesTheRequestAndStaysSo() {
        var forged = ConnectRequests.request(namespace, "forged-requester", "src", "acme", null);
        assertRefused(() -> Actors.as(CAROL).resource(forged).create(), "connectrequests",
                "spec.requestedBy must name the user who creates the request: you are authenticated as \"" + CAROL
                        + "\", not \"" + ALICE + "\"");

        ConnectRequests.create(ConnectRequests.request(namespace, "requester-stays", "src", "acme", null));
        assertRefused(() -> patch(Actors.as(CAROL), ConnectRequest.class, "requester-stays", "{\"spec\":{\"requestedBy\":\"" + CAROL + "\"}}"),
                "connectrequests", "spec.requestedBy cannot change: the request was made by \"" + ALICE + "\"");
    }

    @Test
    void aRequestCannotBeCreatedAlreadyDecided() {
        var preApproved = ConnectRequests.request(namespace, "pre-approved", "src", "acme", ConnectRequests.approve());
        assertRefused(() -> Actors.as(ALICE, Actors.REVIEWERS).resource(preApproved).create(), "connectrequests",
                "spec.decision.reviewer must be your own user name: you are authenticated as \"" + ALICE + "\", not \""
                        + Actors.REVIEWER + "\"");
    }

    @Test
    void selfApprovalIsRefusedEvenForAReviewer() {
        ConnectRequests.create(ConnectRequests.request(namespace, "self", "src", "acme", null));
        assertRefused(() -> decide(Actors.as(ALICE, Actors.REVIEWERS), "self", ALICE), "connectrequests",
                "spec.decision: \"" + ALICE + "\" requested this connection (spec.requestedBy) and cannot decide it; another reviewer must");
        assertThat(request("self").getSpec().getDecision()).isNull();
    }

    @Test
    void approvalByAUserOutsideTheReviewerGroupsIsRefused() {
        ConnectRequests.create(ConnectRequests.request(namespace, "non-reviewer", "src", "acme", null));
        assertRefused(() -> decide(Actors.as(CAROL), "non-reviewer", CAROL), "connectrequests",
                "spec.decision: only members of the reviewer group(s) mission-control:reviewers may decide a ConnectRequest, and \""
                        + CAROL + "\" is in none of them");
        assertRefused(() -> decide(Actors.as(CAROL, "mission-control:reviewers-not"), "non-reviewer", CAROL), "connectrequests",
                "is in none of them");
    }

    @Test
    void approvalUnderSomeoneElsesNameIsRefused() {
        ConnectRequests.create(ConnectRequests.request(namespace, "impostor", "src", "acme", null));
        assertRefused(() -> decide(Actors.reviewer(), "impostor", DAVE), "connectrequests",
                "spec.decision.reviewer must be your own user name: you are authenticated as \"" + Actors.REVIEWER + "\", not \""
                        + DAVE + "\"; a decision is recorded under the user who makes it");
    }

    @Test
    void aProperApprovalGoesThroughAndCanNeverChangeNorBeWithdrawn() {
        ConnectRequests.create(ConnectRequests.request(namespace, "approved", "src", "acme", null));
        var decided = decide(Actors.reviewer(), "approved", Actors.REVIEWER);
        assertThat(decided.getSpec().getDecision().getReviewer()).isEqualTo(Actors.REVIEWER);

        String madeBy = "spec.decision was made by \"" + Actors.REVIEWER + "\" and cannot be changed or removed";
        assertRefused(() -> patch(Actors.reviewer(), ConnectRequest.class, "approved", "{\"spec\":{\"decision\":{\"note\":\"rewritten\"}}}"),
                "connectrequests", madeBy);
        assertRefused(() -> patch(Actors.reviewer(DAVE), ConnectRequest.class, "approved",
                "{\"spec\":{\"decision\":{\"reviewer\":\"" + DAVE + "\"}}}"), "connectrequests", madeBy);
        // Withdrawing it: the CRD's own rule answers first (spec.decision.action cannot change), 422 not 403.
        assertThatThrownBy(() -> patch(Actors.reviewer(), ConnectRequest.class, "approved", "{\"spec\":{\"decision\":null}}"))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.decision.action cannot change once made");
        assertThat(request("approved").getSpec().getDecision().getNote()).isEqualTo(decided.getSpec().getDecision().getNote());

        // What is not a decision stays open to whoever RBAC lets edit: a label, and the status subresource (where the
        // operator writes), which no policy matches.
        patch(Actors.as(CAROL), ConnectRequest.class, "approved", "{\"metadata\":{\"labels\":{\"team\":\"search\"}}}");
        var status = new ConnectRequestStatus();
        status.setObservedGeneration(1L);
        var withStatus = request("approved");
        withStatus.setStatus(status);
        Actors.as(CAROL).resource(withStatus).updateStatus();
        assertThat(request("approved").getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void theRequesterMayRevokeUnderTheirOwnNameAndTheRevocationIsFinal() {
        ConnectRequests.create(ConnectRequests.request(namespace, "revoked", "src", "acme", ConnectRequests.approve()));
        assertRefused(() -> revoke(Actors.as(ALICE), "revoked", CAROL), "connectrequests",
                "spec.revocation.revokedBy must be your own user name: you are authenticated as \"" + ALICE + "\", not \"" + CAROL + "\"");
        // Revoking is never harder than approving: the requester, in no reviewer group, withdraws their own connection.
        revoke(Actors.as(ALICE), "revoked", ALICE);
        assertThat(request("revoked").getSpec().getRevocation().getRevokedBy()).isEqualTo(ALICE);

        String final_ = "spec.revocation was made by \"" + ALICE + "\" and cannot be changed or removed";
        assertRefused(() -> patch(Actors.as(ALICE), ConnectRequest.class, "revoked", "{\"spec\":{\"revocation\":{\"reason\":\"changed my mind\"}}}"),
                "connectrequests", final_);
        assertRefused(() -> patch(Actors.reviewer(), ConnectRequest.class, "revoked", "{\"spec\":{\"revocation\":null}}"),
                "connectrequests", final_);
    }

    // ---------------------------------------------------------------- PredictiveRollout

    @Test
    void aGoNoGoDecisionIsMadeByAReviewerUnderTheirOwnName() {
        var unsigned = noGo("unsigned");
        unsigned.getSpec().setDecidedBy(null);
        assertRefused(() -> Actors.reviewer().resource(unsigned).create(), "predictiverollouts",
                "spec.decidedBy is required with a go / no-go decision and must be your own user name \"" + Actors.REVIEWER + "\"");
        var forged = noGo("forged");
        forged.getSpec().setDecidedBy(DAVE);
        assertRefused(() -> Actors.reviewer().resource(forged).create(), "predictiverollouts",
                "spec.decidedBy must be your own user name: you are authenticated as \"" + Actors.REVIEWER + "\", not \"" + DAVE + "\"");
        var outsider = noGo("outsider");
        outsider.getSpec().setDecidedBy(CAROL);
        assertRefused(() -> Actors.as(CAROL).resource(outsider).create(), "predictiverollouts",
                "spec.decision: only members of the reviewer group(s) mission-control:reviewers may make or change a go / no-go decision "
                        + "(spec.decision, spec.decisionMemo, spec.decidedBy), and \"" + CAROL + "\" is in none of them");

        var created = Actors.reviewer().resource(noGo("decided")).create();
        assertThat(created.getSpec().getDecidedBy()).isEqualTo(Actors.REVIEWER);
    }

    @Test
    void aDecisionChangesOnlyAsANewDecisionOfAReviewerAndItsDeciderIsNeverRewritten() {
        Actors.reviewer().resource(go("changing")).create();
        // What is not the decision stays open to whoever RBAC lets edit it (here a user in no group).
        patch(Actors.as(CAROL), PredictiveRollout.class, "changing", "{\"spec\":{\"rehearsal\":{\"maxAgeDays\":3}}}");

        assertRefused(() -> patch(Actors.reviewer(SAM), PredictiveRollout.class, "changing", "{\"spec\":{\"decidedBy\":\"" + SAM + "\"}}"),
                "predictiverollouts", "spec.decidedBy cannot change on its own: the decision was made by \"" + Actors.REVIEWER + "\"");
        assertRefused(() -> patch(Actors.reviewer(), PredictiveRollout.class, "changing", "{\"spec\":{\"decidedBy\":null}}"),
                "predictiverollouts", "spec.decidedBy cannot be removed: the decision was made by \"" + Actors.REVIEWER + "\"");
        assertRefused(() -> patch(Actors.reviewer(SAM), PredictiveRollout.class, "changing", "{\"spec\":{\"decisionMemo\":\"ML-REVIEW-2026-12\"}}"),
                "predictiverollouts", "spec.decidedBy must be your own user name: you are authenticated as \"" + SAM + "\", not \""
                        + Actors.REVIEWER + "\"");
        assertRefused(() -> patch(Actors.as(CAROL), PredictiveRollout.class, "changing",
                "{\"spec\":{\"decision\":\"no-go\",\"decidedBy\":\"" + CAROL + "\"," + REMEDIATION + "}}"),
                "predictiverollouts", "\"" + CAROL + "\" is in none of them");

        // Another reviewer stops the rollout: a new decision, recorded under their name.
        var stopped = patch(Actors.reviewer(SAM), PredictiveRollout.class, "changing",
                "{\"spec\":{\"decision\":\"no-go\",\"decisionMemo\":\"ML-REVIEW-2026-12 (stop)\",\"decidedBy\":\"" + SAM + "\"," + REMEDIATION + "}}");
        assertThat(stopped.getSpec().getDecidedBy()).isEqualTo(SAM);
    }

    // ---------------------------------------------------------------- manual controls

    @Test
    void theManualControlsOfACohortAreSetChangedAndRemovedByTheOperatorGroupOnly() {
        client.resource(FederationCohorts.cohort(namespace, "steered", List.of("acme", "globex"))).create();
        for (String control : List.of("promote", "abort", "retry", "pause")) {
            String key = "missioncontrol.dev/" + control;
            assertRefused(() -> annotate(Actors.as(CAROL), FederationCohort.class, "steered", key, "true"), "controls",
                    "metadata.annotations: only members of the operator group(s) mission-control:operators may set, change or remove "
                            + key + " on a FederationCohort, and \"" + CAROL + "\" is in none of them");
        }
        annotate(Actors.operator(), FederationCohort.class, "steered", "missioncontrol.dev/pause", "true");
        assertRefused(() -> annotate(Actors.as(CAROL), FederationCohort.class, "steered", "missioncontrol.dev/pause", null),
                "controls", "may set, change or remove missioncontrol.dev/pause on a FederationCohort");
        assertRefused(() -> annotate(Actors.as(CAROL, Actors.REVIEWERS), FederationCohort.class, "steered", "missioncontrol.dev/pause", "false"),
                "controls", "may set, change or remove missioncontrol.dev/pause on a FederationCohort");
        annotate(Actors.as(CAROL), FederationCohort.class, "steered", "example.com/owner", "search-team"); // not a control
        annotate(Actors.operator(), FederationCohort.class, "steered", "missioncontrol.dev/pause", null);
        assertThat(client.resources(FederationCohort.class).inNamespace(namespace).withName("steered").get().getMetadata().getAnnotations())
                .containsEntry("example.com/owner", "search-team").doesNotContainKey("missioncontrol.dev/pause");

        var aborted = FederationCohorts.cohort(namespace, "born-aborted", List.of("acme"));
        aborted.getMetadata().setAnnotations(Map.of("missioncontrol.dev/abort", "true"));
        assertRefused(() -> Actors.as(CAROL).resource(aborted).create(), "controls",
                "may set, change or remove missioncontrol.dev/abort on a FederationCohort");
    }

    @Test
    void rotatingASigningKeyIsAControlAndRehearsingIsNot() {
        client.resource(MeteringRotations.rotation(namespace, "keys", List.of("acme"), "http://prometheus:9090", "1h",
                Instant.parse("2026-11-01T00:00:00Z"), "2h")).create();
        assertRefused(() -> annotate(Actors.as(CAROL), MeteringRotation.class, "keys", "missioncontrol.dev/rotate-key", "2026-11-30"),
                "controls", "only members of the operator group(s) mission-control:operators may set, change or remove "
                        + "missioncontrol.dev/rotate-key on a MeteringRotation, and \"" + CAROL + "\" is in none of them");
        annotate(Actors.as(CAROL), MeteringRotation.class, "keys", "missioncontrol.dev/rehearse-rotation", "drill-1");
        annotate(Actors.operator(), MeteringRotation.class, "keys", "missioncontrol.dev/rotate-key", "2026-11-30");
        // A PredictiveRollout's on-demand drill decides nothing either (the drill's outcome does).
        Actors.reviewer().resource(go("drilled")).create();
        annotate(Actors.as(CAROL), PredictiveRollout.class, "drilled", "missioncontrol.dev/rehearse", "1");
    }

    @Test
    void attestingZeroUsageIsAnOperatorsDecisionSignedWithTheirOwnName() {
        client.resource(MeteringRotations.rotation(namespace, "attested", List.of("acme"), "http://prometheus:9090", "1h",
                Instant.parse("2026-11-01T00:00:00Z"), "2h")).create();
        String attestation = "{\"metadata\":{\"annotations\":{\"missioncontrol.dev/attest-zero-usage\":\"acme@20261101T000000Z\","
                + "\"missioncontrol.dev/attested-by\":\"%s\"}}}";
        // Outside the operator group: refused, even under their own name.
        assertRefused(() -> patch(Actors.as(CAROL), MeteringRotation.class, "attested", attestation.formatted(CAROL)), "controls",
                "may set, change or remove missioncontrol.dev/attest-zero-usage, missioncontrol.dev/attested-by on a MeteringRotation");
        // An operator attesting under someone else's name, or under none.
        assertRefused(() -> patch(Actors.operator(), MeteringRotation.class, "attested", attestation.formatted("someone-else")), "controls",
                "metadata.annotations[missioncontrol.dev/attested-by] must be \"" + Actors.OPERATOR + "\"");
        assertRefused(() -> annotate(Actors.operator(), MeteringRotation.class, "attested", "missioncontrol.dev/attest-zero-usage",
                "acme@20261101T000000Z"), "controls", "must be \"" + Actors.OPERATOR + "\", the user making this attestation");
        // Under their own name: accepted.
        var attested = patch(Actors.operator(), MeteringRotation.class, "attested", attestation.formatted(Actors.OPERATOR));
        assertThat(attested.getMetadata().getAnnotations()).containsEntry("missioncontrol.dev/attested-by", Actors.OPERATOR);
        // Another operator may not extend the attestation under the first one's name, nor rename the attester.
        var other = Actors.as("oscar@platform.example", Actors.OPERATORS);
        assertRefused(() -> annotate(other, MeteringRotation.class, "attested", "missioncontrol.dev/attest-zero-usage",
                "acme@20261101T000000Z,acme@20261101T010000Z"), "controls", "must be \"oscar@platform.example\"");
        assertRefused(() -> annotate(other, MeteringRotation.class, "attested", "missioncontrol.dev/attested-by", Actors.OPERATOR + "x"),
                "controls", "must be \"oscar@platform.example\"");
        // An unrelated control by another operator leaves the attestation as it stands.
        annotate(other, MeteringRotation.class, "attested", "missioncontrol.dev/rotate-key", "2026-11-30");
    }

    // ---------------------------------------------------------------- helpers

    static final String REMEDIATION = "\"remediation\":{\"reReviewDate\":\"2027-01-15T10:00:00Z\",\"milestones\":"
            + "[{\"id\":\"m1\",\"title\":\"t\",\"owner\":\"o\",\"due\":\"2026-12-01T00:00:00Z\",\"done\":false}]}";

    /** Refused by the named admission policy with 403 Forbidden, and the message says why. */
    private static void assertRefused(ThrowingCallable edit, String policy, String message) {
        assertThatThrownBy(edit).isInstanceOf(KubernetesClientException.class).satisfies(e -> {
            var kce = (KubernetesClientException) e;
            assertThat(kce.getCode()).as("HTTP status of the refusal: %s", kce.getMessage()).isEqualTo(403);
            assertThat(kce.getMessage()).contains("ValidatingAdmissionPolicy 'mission-control-operator-" + policy + "'").contains(message);
            System.out.printf("[admission] refused: %s%n", kce.getStatus() == null ? kce.getMessage() : kce.getStatus().getMessage());
        });
    }

    private ConnectRequest decide(KubernetesClient as, String name, String reviewer) {
        return patch(as, ConnectRequest.class, name,
                "{\"spec\":{\"decision\":{\"action\":\"approve\",\"reviewer\":\"" + reviewer + "\",\"note\":\"terms reviewed\"}}}");
    }

    private ConnectRequest revoke(KubernetesClient as, String name, String revokedBy) {
        return patch(as, ConnectRequest.class, name, "{\"spec\":{\"revocation\":{\"revokedBy\":\"" + revokedBy + "\",\"reason\":\"pilot over\"}}}");
    }

    /** A JSON merge patch without a resourceVersion: what `kubectl patch --type=merge` sends. */
    private <T extends HasMetadata> T patch(KubernetesClient as, Class<T> type, String name, String json) {
        return as.resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private <T extends HasMetadata> T annotate(KubernetesClient as, Class<T> type, String name, String key, String value) {
        return patch(as, type, name, "{\"metadata\":{\"annotations\":{\"" + key + "\":" + (value == null ? "null" : "\"" + value + "\"") + "}}}");
    }

    private ConnectRequest request(String name) {
        return client.resources(ConnectRequest.class).inNamespace(namespace).withName(name).get();
    }

    private PredictiveRollout go(String name) {
        return PredictiveRollouts.go(namespace, name, "http://prometheus:9090", "1m", new ArrayList<>(List.of(List.of("p-one"), List.of("p-two"))));
    }

    private PredictiveRollout noGo(String name) {
        return PredictiveRollouts.noGo(namespace, name, "2027-01-01T00:00:00Z", List.of(new Milestone("m1", "t", "o", "2026-12-01T00:00:00Z", false)));
    }
}
