package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.federation.rollout.AfterCohort;
import dev.missioncontrol.operator.federation.rollout.ManualControls;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusComparison;
import dev.missioncontrol.operator.federation.rollout.RolloutState;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.KStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FederationCohortStatusAggregatorTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.fixed(Instant.parse("2026-11-25T10:05:00Z"), ZoneOffset.UTC);
    static final GatewayReadiness AVAILABLE = new GatewayReadiness(true, false, 2, "DeploymentAvailable", "2/2 available.");
    static final GatewayReadiness PROGRESSING = new GatewayReadiness(false, false, 1, "DeploymentProgressing", "1/2 available.");
    static final SourceCounts SOURCES = new SourceCounts(1, 0, 1);

    @Test
    void availableGatewayMakesTheCohortReady() {
        var cohort = cohort(3L);
        var status = build(cohort, AVAILABLE, promoted(), T0);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getTenantCount()).isEqualTo(2);
        assertThat(status.getAvailableReplicas()).isEqualTo(2);
        assertThat(status.getSources()).isEqualTo(SOURCES);
        assertThat(Conditions.find(status.getConditions(), "Ready")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("GatewayAvailable");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
        });
    }

    @Test
    void progressingGatewayIsNotReadyWithTheDeploymentsReason() {
        var status = build(cohort(1L), PROGRESSING, promoted(), T0);
        assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isFalse();
        assertThat(Conditions.find(status.getConditions(), "Ready").get().getReason()).isEqualTo("DeploymentProgressing");
        assertThat(KStatus.of(withStatus(cohort(1L), status)).summary()).as("kstatus: the Deployment controller gets it there")
                .isEqualTo("InProgress Ready=False/DeploymentProgressing");
    }

    @Test
    void readyIsTheGatewayServingWhateverStepTheRolloutIsAt() {
        var cohort = cohort(5L);
        var progressing = new FederationCohortStatus();
        progressing.setPhase(RolloutPhase.Progressing);
        progressing.setCurrentStep(0);
        progressing.setEnabledTenants(List.of("acme"));
        var status = build(cohort, AVAILABLE, RolloutState.from(progressing), T0);
        assertThat(KStatus.of(withStatus(cohort, status)).summary()).isEqualTo("Current Ready=True/GatewayAvailable");
        assertThat(KStatus.readyAtGeneration(withStatus(cohort, status))).isTrue();
        assertThat(Conditions.isTrue(status.getConditions(), "Progressing")).as("the rollout's own progress is reported beside Ready").isTrue();
    }

    @Test
    void aGatewayPastItsProgressDeadlineIsStalled() {
        var failed = new GatewayReadiness(false, true, 0, "DeploymentFailed", "Deployment c exceeded its progress deadline.");
        var status = build(cohort(1L), failed, promoted(), T0);
        assertThat(KStatus.of(withStatus(cohort(1L), status)).summary()).isEqualTo("Failed Ready=False/DeploymentFailed");
    }

    static FederationCohort withStatus(FederationCohort cohort, FederationCohortStatus status) {
        cohort.setStatus(status);
        return cohort;
    }

    @Test
    void promotedCohortHasPromotedTrueAndIsNoLongerProgressing() {
        var status = build(cohort(1L), AVAILABLE, promoted(), T0);
        assertThat(Conditions.isTrue(status.getConditions(), "Promoted")).isTrue();
        assertThat(Conditions.find(status.getConditions(), "Progressing").get().getReason()).isEqualTo("Promoted");
        assertThat(Conditions.isTrue(status.getConditions(), "FallbackActive")).isFalse();
        assertThat(status.getMode()).isEqualTo("federated");
        assertThat(status.getEnabledTenants()).containsExactly("acme", "globex");
    }

    @Test
    void fallenBackCohortNamesTheFailingGateAndItsValue() {
        var prev = new FederationCohortStatus();
        prev.setPhase(RolloutPhase.FallenBack);
        prev.setHistory(List.of(new Transition("2026-11-25T10:00:00Z", "Progressing step 1", "FallenBack", "GateFailed",
                "fell back to single-index after 2 consecutive failed analyses: latency p95 1.975 s breaches <= 1.250 s")));
        prev.setGates(List.of(new GateStatus("latency", GateVerdictType.Failed, 1.975, 1.25, "<=", "p95 1.975 s breaches <= 1.250 s", "q", "t")));
        var status = build(cohort(1L), AVAILABLE, RolloutState.from(prev), T0);
        assertThat(Conditions.find(status.getConditions(), "FallbackActive")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("GateFailed");
            assertThat(c.getMessage()).contains("latency p95 1.975 s", "missioncontrol.dev/retry");
        });
        assertThat(Conditions.find(status.getConditions(), "Analysis")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("GateFailed");
        });
        assertThat(status.getMode()).isEqualTo("single-index");
    }

    @Test
    void inconclusiveGatesMakeAnalysisUnknownNeverTrue() {
        var prev = new FederationCohortStatus();
        prev.setPhase(RolloutPhase.Progressing);
        prev.setGates(List.of(
                new GateStatus("latency", GateVerdictType.Passed, 0.4, 1.25, "<=", "ok", "q", "t"),
                new GateStatus("complaints", GateVerdictType.Inconclusive, null, 0.015, "<", "no data: x", "q", "t")));
        var status = build(cohort(1L), AVAILABLE, RolloutState.from(prev), T0);
        assertThat(Conditions.find(status.getConditions(), "Analysis")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NoData");
        });
        assertThat(Conditions.isTrue(status.getConditions(), "Promoted")).isFalse();
    }

    @Test
    void unchangedVerdictKeepsTransitionTimeAndEqualsThePreviousStatus() {
        var cohort = cohort(1L);
        var first = build(cohort, AVAILABLE, promoted(), T0);
        cohort.setStatus(first);
        var second = build(cohort, AVAILABLE, RolloutState.from(first), T1);
        assertThat(StatusComparison.same(second, first)).as("same observation, same status: the reconciler issues no write").isTrue();
    }

    @Test
    void changedStatusMovesTransitionTime() {
        var cohort = cohort(1L);
        cohort.setStatus(build(cohort, PROGRESSING, promoted(), T0));
        var next = build(cohort, AVAILABLE, promoted(), T1);
        assertThat(Conditions.find(next.getConditions(), "Ready").get().getLastTransitionTime()).isEqualTo("2026-11-25T10:05:00Z");
    }

    @Test
    void reconcileErrorIsReportedWithTheCauseAndKeepsObservedState() {
        var cohort = cohort(2L);
        cohort.setStatus(build(cohort, AVAILABLE, promoted(), T0));
        var failed = FederationCohortStatusAggregator.failed(cohort, ReconcileErrors.classify(new RuntimeException("wrapper",
                new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("deployments.apps \"c\" is forbidden: User cannot patch").build()))), T1);
        assertThat(failed.getAvailableReplicas()).isEqualTo(2);
        assertThat(failed.getEnabledTenants()).containsExactly("acme", "globex");
        assertThat(Conditions.isTrue(failed.getConditions(), "Promoted")).as("other conditions kept").isTrue();
        assertThat(Conditions.find(failed.getConditions(), "Ready")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Forbidden");
            assertThat(c.getMessage()).contains("deployments.apps \"c\" is forbidden").doesNotContain("Exception");
        });
        assertThat(KStatus.of(withStatus(cohort, failed)).summary()).as("RBAC needs a person: Stalled").isEqualTo("Failed Ready=False/Forbidden");
    }

    @Test
    void queryErrorIsChosenFromTheGatesTypedCauseNotFromTheMessage() {
        var prev = new FederationCohortStatus();
        prev.setPhase(RolloutPhase.Progressing);
        prev.setEnabledTenants(List.of("acme"));
        // A message that reads like a query failure but whose cause is NoData, and one that does not but is a QueryError.
        prev.setGates(List.of(new GateStatus("latency", GateVerdictType.Inconclusive, null, 1.25, "<=",
                "query failed? no: no data", "q", "t", InconclusiveCause.NoData)));
        var noData = build(cohort(1L), AVAILABLE, RolloutState.from(prev), T0);
        assertThat(Conditions.find(noData.getConditions(), "Analysis")).get().extracting(c -> c.getReason()).isEqualTo("NoData");

        prev.setGates(List.of(new GateStatus("latency", GateVerdictType.Inconclusive, null, 1.25, "<=",
                "Prometheus said 503", "q", "t", InconclusiveCause.QueryError)));
        var error = build(cohort(1L), AVAILABLE, RolloutState.from(prev), T0);
        assertThat(Conditions.find(error.getConditions(), "Analysis")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("QueryError");
        });

        prev.setGates(List.of(new GateStatus("latency", GateVerdictType.Inconclusive, null, 1.25, "<=",
                        "query failed: no request sent: http://evil.example.com:80 is not in the operator's allowlist", "q", "t",
                        InconclusiveCause.AddressNotAllowed),
                new GateStatus("errors", GateVerdictType.Inconclusive, null, 0.01, "<=", "Prometheus said 503", "q", "t",
                        InconclusiveCause.QueryError)));
        var refused = build(cohort(1L), AVAILABLE, RolloutState.from(prev), T0);
        assertThat(Conditions.find(refused.getConditions(), "Analysis")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("PrometheusAddressNotAllowed");
            assertThat(c.getMessage()).isEqualTo("spec.rollout.analysis.prometheus.address: no request sent: "
                    + "http://evil.example.com:80 is not in the operator's allowlist");
        });
    }

    @Test
    void theStepColumnCountsFromOneSoAPromotedThreeStepCohortShowsThreeOfThree() {
        var cohort = cohort(1L);
        var promoted = new FederationCohortStatus();
        promoted.setPhase(RolloutPhase.Promoted);
        promoted.setCurrentStep(2);
        assertThat(FederationCohortStatusAggregator.build(cohort, AVAILABLE, RolloutState.from(promoted), 3, SOURCES, T0)
                .getStepProgress()).isEqualTo("3/3");
        var first = new FederationCohortStatus();
        first.setPhase(RolloutPhase.Progressing);
        first.setCurrentStep(0);
        var progressing = FederationCohortStatusAggregator.build(cohort, AVAILABLE, RolloutState.from(first), 3, SOURCES, T0);
        assertThat(progressing.getCurrentStep()).as("the planners' index stays 0-based").isZero();
        assertThat(progressing.getStepProgress()).isEqualTo("1/3");
        assertThat(FederationCohortStatusAggregator.build(cohort, AVAILABLE, RolloutState.from(null), 3, SOURCES, T0)
                .getStepProgress()).as("not started").isNull();
    }

    static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, RolloutState rollout, Clock clock) {
        return FederationCohortStatusAggregator.build(cohort, gateway, rollout, 1, SOURCES, clock);
    }

    static RolloutState promoted() {
        var s = new FederationCohortStatus();
        s.setPhase(RolloutPhase.Promoted);
        s.setEnabledTenants(List.of("acme", "globex"));
        return RolloutState.from(s);
    }

    static FederationCohort cohort(long generation) {
        var c = FederationCohorts.cohort("ns", "c1", List.of("acme", "globex"));
        c.getMetadata().setGeneration(generation);
        return c;
    }

    @Test
    void referencedThingsAreNamedWithWhatToDo() {
        var cohort = cohort(1L);
        cohort.getSpec().setAfter("c0");
        cohort.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of(ManualControls.PAUSE, "maybe")));
        var missing = FederationCohortStatusAggregator.build(cohort, AVAILABLE, promoted(), 1, FederationPlan.of(cohort),
                AfterCohort.of(cohort, n -> java.util.Optional.empty()), AlertRules.NONE, T0);
        assertThat(Conditions.find(missing.getConditions(), FederationCohortStatusAggregator.AFTER_RESOLVED)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("AfterCohortMissing");
            assertThat(c.getMessage()).contains("FederationCohort c0", "does not exist in namespace ns");
        });
        assertThat(Conditions.find(missing.getConditions(), FederationCohortStatusAggregator.ANNOTATIONS_UNDERSTOOD)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("AnnotationValueNotUnderstood");
            assertThat(c.getMessage()).contains("missioncontrol.dev/pause=maybe", "\"true\" or \"false\"");
        });
        var other = FederationCohorts.cohort("ns", "c0", List.of("x"));
        other.getSpec().setAfter("c1");
        var cycle = FederationCohortStatusAggregator.build(cohort, AVAILABLE, promoted(), 1, FederationPlan.of(cohort),
                AfterCohort.of(cohort, n -> n.equals("c0") ? java.util.Optional.of(other) : java.util.Optional.empty()), AlertRules.NONE, T0);
        assertThat(Conditions.find(cycle.getConditions(), FederationCohortStatusAggregator.AFTER_RESOLVED)).get()
                .satisfies(c -> assertThat(c.getMessage()).contains("c1 → c0 → c1"));
    }

    @Test
    void aRetryWaitingForAbortRemovalIsNamedInAnnotationsUnderstood() {
        var cohort = cohort(1L);
        cohort.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of(ManualControls.ABORT, "true", ManualControls.RETRY, "r1")));
        var waiting = FederationCohortStatusAggregator.build(cohort, AVAILABLE, promoted(), 1, FederationPlan.of(cohort), AfterCohort.NONE,
                AlertRules.NONE, T0);
        assertThat(Conditions.find(waiting.getConditions(), FederationCohortStatusAggregator.ANNOTATIONS_UNDERSTOOD)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RetryWaitsForAbortRemoval");
            assertThat(c.getMessage()).contains("missioncontrol.dev/retry=r1 waits", "remove missioncontrol.dev/abort");
        });
        var handled = new FederationCohortStatus();
        handled.setPhase(RolloutPhase.Aborted);
        handled.setHandledRetry("r1");
        var done = FederationCohortStatusAggregator.build(cohort, AVAILABLE, RolloutState.from(handled), 1, FederationPlan.of(cohort),
                AfterCohort.NONE, AlertRules.NONE, T0);
        assertThat(Conditions.find(done.getConditions(), FederationCohortStatusAggregator.ANNOTATIONS_UNDERSTOOD)).get()
                .satisfies(c -> assertThat(c.getStatus()).as("r1 has acted: nothing waits").isEqualTo("True"));
    }

    @Test
    void aCohortWhoseEveryIndexIsBlockedSaysSo() {
        var cohort = cohort(1L);
        var ok = FederationCohortStatusAggregator.build(cohort, AVAILABLE, promoted(), 1, FederationPlan.of(cohort), AfterCohort.NONE,
                AlertRules.NONE, T0);
        assertThat(Conditions.isTrue(ok.getConditions(), FederationCohortStatusAggregator.INDEXES_USABLE)).isTrue();
        cohort.getSpec().getSearch().getIndexes().forEach(i -> {
            var license = new dev.missioncontrol.operator.api.v1alpha1.LicenseSpec();
            license.setSpdx("LicenseRef-x");
            license.setClauses(new java.util.ArrayList<>(List.of("non-commercial")));
            i.setLicense(license);
        });
        var blocked = FederationCohortStatusAggregator.build(cohort, AVAILABLE, promoted(), 1, FederationPlan.of(cohort), AfterCohort.NONE,
                AlertRules.NONE, T0);
        assertThat(Conditions.find(blocked.getConditions(), FederationCohortStatusAggregator.INDEXES_USABLE)).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("EveryIndexBlocked");
            assertThat(c.getMessage()).contains("clause non-commercial", "spec.search.licensePolicy");
        });
    }
}
