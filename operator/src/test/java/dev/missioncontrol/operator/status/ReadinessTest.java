package dev.missioncontrol.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.testing.KStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one rule every kind's Ready follows, read back the way kstatus and a Ready check read it. */
@Tag("unit")
class ReadinessTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.fixed(Instant.parse("2026-11-25T10:05:00Z"), ZoneOffset.UTC);

    @Test
    void reconcilingThenReadyIsInProgressThenCurrentAndReconcilingGoesAway() {
        List<Condition> first = set(List.of(), Readiness.reconciling("WaveAnalysis", "Analysing wave 1/3."), 2, T0);
        assertThat(kstatus(first, 2).summary()).isEqualTo("InProgress Ready=False/WaveAnalysis");
        assertThat(Conditions.find(first, Readiness.RECONCILING)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
        assertThat(Conditions.find(first, Readiness.STALLED)).as("abnormal-true: absent while it does not hold").isEmpty();
        assertThat(KStatus.readyAtGeneration(resource(first, 2, 2))).isFalse();

        List<Condition> next = set(first, Readiness.ready("Completed", "Every wave passed."), 2, T1);
        assertThat(kstatus(next, 2).summary()).isEqualTo("Current Ready=True/Completed");
        assertThat(Conditions.find(next, Readiness.RECONCILING)).isEmpty();
        assertThat(Conditions.find(next, Readiness.READY).get().getLastTransitionTime()).as("Ready changed status")
                .isEqualTo("2026-11-25T10:05:00Z");
        assertThat(KStatus.readyAtGeneration(resource(next, 2, 2))).isTrue();
        assertThat(KStatus.readyAtGeneration(resource(next, 3, 2))).as("a newer spec is not observed yet").isFalse();
        assertThat(KStatus.of(resource(next, 3, 2)).status()).isEqualTo(KStatus.Status.InProgress);
    }

    @Test
    void stalledIsFailedForKstatusAndNotReady() {
        List<Condition> stalled = set(List.of(), Readiness.stalled("Rejected", "Ask again with a new request."), 1, T0);
        assertThat(kstatus(stalled, 1).summary()).isEqualTo("Failed Ready=False/Rejected");
        assertThat(Conditions.find(stalled, Readiness.RECONCILING)).isEmpty();
        List<Condition> again = set(stalled, Readiness.stalled("Rejected", "Ask again with a new request."), 1, T1);
        assertThat(again).as("an unchanged verdict is an identical status: no write").isEqualTo(stalled);
    }

    @Test
    void aFailureAPersonMustFixIsStalledAndOneThatIsRetriedIsReconciling() {
        var forbidden = ReconcileErrors.classify(new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("configmaps is forbidden").build()));
        assertThat(Readiness.afterFailure(forbidden).state()).isEqualTo(Readiness.State.STALLED);
        assertThat(Readiness.afterFailure(forbidden).reason()).isEqualTo("Forbidden");
        // Someone else's object at a name the operator owns waits for a person to remove it.
        var taken = new ReconcileErrors.Classified(ReconcileErrors.Category.OBJECT_NAME_TAKEN, "ObjectNameTaken",
                "ConfigMap ns/web-flags exists and was not created by this FederationCohort (no owner)");
        assertThat(Readiness.afterFailure(taken).state()).isEqualTo(Readiness.State.STALLED);
        assertThat(Readiness.afterFailure(taken).reason()).isEqualTo("ObjectNameTaken");
        var unavailable = ReconcileErrors.classify(new KubernetesClientException("server unavailable", 503, null));
        assertThat(Readiness.afterFailure(unavailable).state()).isEqualTo(Readiness.State.RECONCILING);
    }

    private static List<Condition> set(List<Condition> previous, Readiness readiness, long generation, Clock clock) {
        var conditions = new Conditions(previous, generation, clock);
        readiness.setOn(conditions);
        return conditions.build();
    }

    private static KStatus kstatus(List<Condition> conditions, long generation) {
        return KStatus.of(resource(conditions, generation, generation));
    }

    private static Map<String, Object> resource(List<Condition> conditions, long generation, long observed) {
        return Map.of("metadata", Map.of("generation", generation), "status", Map.of("observedGeneration", observed, "conditions", conditions));
    }
}
