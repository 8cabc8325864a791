package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Conditions;
import dev.missioncontrol.operator.testing.Cohorts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederationCohortStatusBuilderTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.fixed(Instant.parse("2026-11-25T10:05:00Z"), ZoneOffset.UTC);
    static final GatewayReadiness AVAILABLE = new GatewayReadiness(true, false, 2, "DeploymentAvailable", "2/2 available.");
    static final GatewayReadiness PROGRESSING = new GatewayReadiness(false, false, 1, "DeploymentProgressing", "1/2 available.");
    static final GatewayReadiness FAILED = new GatewayReadiness(false, true, 0, "DeploymentFailed", "deadline exceeded.");

    @Test
    void availableGatewayMakesTheCohortReadyAndNotProgressing() {
        var cohort = cohort(3L);
        var status = FederationCohortStatusBuilder.build(cohort, AVAILABLE, T0);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getTenantCount()).isEqualTo(2);
        assertThat(status.getAvailableReplicas()).isEqualTo(2);
        assertThat(Conditions.find(status.getConditions(), "Ready")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("GatewayAvailable");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
        });
        assertThat(Conditions.find(status.getConditions(), "Progressing")).get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
    }

    @Test
    void progressingGatewayIsNotReadyAndProgressing() {
        var status = FederationCohortStatusBuilder.build(cohort(1L), PROGRESSING, T0);
        assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isFalse();
        assertThat(Conditions.isTrue(status.getConditions(), "Progressing")).isTrue();
        assertThat(Conditions.find(status.getConditions(), "Ready").get().getReason()).isEqualTo("DeploymentProgressing");
    }

    @Test
    void failedGatewayStopsProgressing() {
        var status = FederationCohortStatusBuilder.build(cohort(1L), FAILED, T0);
        assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isFalse();
        assertThat(Conditions.isTrue(status.getConditions(), "Progressing")).isFalse();
        assertThat(Conditions.find(status.getConditions(), "Progressing").get().getReason()).isEqualTo("DeploymentFailed");
    }

    @Test
    void unchangedVerdictKeepsTransitionTimeAndEqualsThePreviousStatus() {
        var cohort = cohort(1L);
        var first = FederationCohortStatusBuilder.build(cohort, AVAILABLE, T0);
        cohort.setStatus(first);
        var second = FederationCohortStatusBuilder.build(cohort, AVAILABLE, T1);
        assertThat(second).as("same observation, same status: the reconciler issues no write").isEqualTo(first);
    }

    @Test
    void changedStatusMovesTransitionTime() {
        var cohort = cohort(1L);
        cohort.setStatus(FederationCohortStatusBuilder.build(cohort, PROGRESSING, T0));
        var next = FederationCohortStatusBuilder.build(cohort, AVAILABLE, T1);
        assertThat(Conditions.find(next.getConditions(), "Ready").get().getLastTransitionTime()).isEqualTo("2026-11-25T10:05:00Z");
    }

    @Test
    void reconcileErrorIsReportedWithTheCauseAndKeepsObservedState() {
        var cohort = cohort(2L);
        cohort.setStatus(FederationCohortStatusBuilder.build(cohort, AVAILABLE, T0));
        var failed = FederationCohortStatusBuilder.failed(cohort,
                new RuntimeException("wrapper", new IllegalStateException("forbidden: deployments.apps")), T1);
        assertThat(failed.getAvailableReplicas()).isEqualTo(2);
        assertThat(Conditions.find(failed.getConditions(), "Ready")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ReconcileError");
            assertThat(c.getMessage()).contains("forbidden: deployments.apps");
        });
    }

    static FederationCohort cohort(long generation) {
        var c = Cohorts.cohort("ns", "c1", List.of("acme", "globex"));
        c.getMetadata().setGeneration(generation);
        return c;
    }
}
