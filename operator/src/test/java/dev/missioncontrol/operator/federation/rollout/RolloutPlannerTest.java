package dev.missioncontrol.operator.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rollout state machine, driven step by step with a fixed clock and scripted analyses. */
@Tag("unit")
class RolloutPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    FederationCohort cohort;
    int analyses;

    @BeforeEach
    void setUp() {
        cohort = FederationCohorts.rollout("ns", "c1", List.of("a", "b", "c", "d"), "http://prom:9090", "1m", 2, 1, 2);
        analyses = 0;
    }

    @Test
    void healthyRolloutWalksTheStepsAndPromotes() {
        var plan = step(T0, pass());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.next().enabledTenants()).containsExactly("a");
        assertThat(plan.requeue()).contains(Duration.ofMinutes(1));
        assertThat(analyses).as("first analysis waits one interval").isZero();

        plan = step(T0.plusSeconds(30), pass());
        assertThat(analyses).isZero();
        assertThat(plan.requeue()).contains(Duration.ofSeconds(30));

        plan = step(T0.plusSeconds(60), pass());
        assertThat(analyses).isEqualTo(1);
        assertThat(plan.next().currentStep()).isEqualTo(1);
        assertThat(plan.next().enabledTenants()).containsExactly("a", "b");
        assertThat(plan.events()).extracting(PlannedEvent::reason).contains("AnalysisPassed", "StepAdvanced");

        plan = step(T0.plusSeconds(120), pass());
        assertThat(plan.next().currentStep()).as("implied final step enables everyone").isEqualTo(2);
        assertThat(plan.next().enabledTenants()).containsExactly("a", "b", "c", "d");

        plan = step(T0.plusSeconds(180), pass());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(plan.requeue()).as("at rest once promoted").isEmpty();
        assertThat(plan.next().history()).extracting(t -> t.reason())
                .containsExactly("RolloutStarted", "StepAdvanced", "StepAdvanced", "AnalysisPassed");

        int before = analyses;
        plan = step(T0.plusSeconds(600), pass());
        assertThat(analyses).as("no analysis after promotion").isEqualTo(before);
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void failureLimitConsecutiveFailuresFallBackAndDisableEveryone() {
        step(T0, pass());
        var plan = step(T0.plusSeconds(60), fail());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.next().failedChecks()).isEqualTo(1);
        assertThat(plan.events()).extracting(PlannedEvent::reason).containsExactly("AnalysisFailed");

        assertThat(plan.next().fallbackCount()).isZero();
        plan = step(T0.plusSeconds(120), fail());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.FallenBack);
        assertThat(plan.next().fallbackCount()).as("counted once, in status").isEqualTo(1);
        assertThat(plan.next().enabledTenants()).isEmpty();
        assertThat(plan.next().mode()).isEqualTo("single-index");
        assertThat(plan.events()).singleElement().satisfies(e -> {
            assertThat(e.warning()).isTrue();
            assertThat(e.reason()).isEqualTo("FallbackActivated");
            assertThat(e.message()).contains("latency p95 1.975 s breaches <= 1.250 s");
        });
        assertThat(plan.requeue()).isEmpty();
        int before = analyses;
        var later = step(T0.plusSeconds(600), pass()).next();
        assertThat(later.phase()).as("terminal until retry").isEqualTo(RolloutPhase.FallenBack);
        assertThat(later.fallbackCount()).as("not counted again while fallen back").isEqualTo(1);
        assertThat(analyses).isEqualTo(before);
    }

    @Test
    void aPassBetweenFailuresResetsTheConsecutiveCount() {
        cohort.getSpec().getRollout().getSteps().set(0, new RolloutStep(1, "10m"));
        step(T0, pass());
        step(T0.plusSeconds(60), fail());
        var plan = step(T0.plusSeconds(120), pass());
        assertThat(plan.next().failedChecks()).isZero();
        assertThat(plan.requeue()).as("held by the step's pause").contains(Duration.ofMinutes(10));
        assertThat(step(T0.plusSeconds(120 + 600), pass()).next().currentStep()).isEqualTo(1);
    }

    @Test
    void inconclusiveNeverPassesNorFails() {
        step(T0, pass());
        for (int i = 1; i <= 5; i++) {
            var plan = step(T0.plusSeconds(60L * i), noData());
            assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
            assertThat(plan.next().currentStep()).isZero();
            assertThat(plan.next().failedChecks()).isZero();
            assertThat(plan.events()).as("warn once, not every interval").hasSize(i == 1 ? 1 : 0);
        }
    }

    @Test
    void waitsForTheCohortItFollowsThenStarts() {
        cohort.getSpec().setAfter("c0");
        var plan = RolloutPlanner.plan(cohort, ManualControls.NONE, Optional.of(RolloutPhase.Progressing), T0, pass());
        apply(plan);
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Pending);
        assertThat(plan.next().enabledTenants()).isEmpty();
        assertThat(plan.requeue()).as("woken by the watch, not by polling").isEmpty();
        assertThat(plan.next().history()).singleElement().satisfies(t ->
                assertThat(t.message()).contains("waiting for FederationCohort c0 to be Promoted (it is Progressing)"));

        plan = RolloutPlanner.plan(cohort, ManualControls.NONE, Optional.of(RolloutPhase.Promoted), T0.plusSeconds(5), pass());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.next().enabledTenants()).containsExactly("a");
    }

    @Test
    void pauseHoldsResumeContinuesPromoteSkipsAbortFallsBackAndRetryRestarts() {
        step(T0, pass());
        var paused = new ManualControls(true, false, false, null);
        var plan = apply(RolloutPlanner.plan(cohort, paused, Optional.empty(), T0.plusSeconds(120), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(analyses).isZero();
        assertThat(plan.next().mode()).as("enabled tenants keep federated mode while paused").isEqualTo("federated");

        plan = step(T0.plusSeconds(130), pass());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.events()).extracting(PlannedEvent::reason).contains("RolloutResumed");

        var promote = new ManualControls(false, true, false, null);
        plan = apply(RolloutPlanner.plan(cohort, promote, Optional.empty(), T0.plusSeconds(140), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(plan.next().enabledTenants()).containsExactly("a", "b", "c", "d");

        var abort = new ManualControls(false, false, true, null);
        plan = apply(RolloutPlanner.plan(cohort, abort, Optional.empty(), T0.plusSeconds(150), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Aborted);
        assertThat(plan.next().enabledTenants()).isEmpty();

        var retry = new ManualControls(false, false, false, "2026-11-25");
        plan = apply(RolloutPlanner.plan(cohort, retry, Optional.empty(), T0.plusSeconds(160), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.next().currentStep()).isZero();
        assertThat(plan.next().enabledTenants()).containsExactly("a");
        plan = apply(RolloutPlanner.plan(cohort, retry, Optional.empty(), T0.plusSeconds(170), pass()));
        assertThat(plan.next().history()).as("the same retry value acts once").filteredOn(t -> t.reason().equals("RetryRequested")).hasSize(1);
    }

    @Test
    void aRetrySetWhileAbortIsPresentWaitsUnconsumedAndActsOnceAbortIsRemoved() {
        step(T0, pass());
        var abort = new ManualControls(false, false, true, null);
        apply(RolloutPlanner.plan(cohort, abort, Optional.empty(), T0.plusSeconds(10), pass()));

        var retryWithAbort = new ManualControls(false, false, true, "r1");
        var plan = apply(RolloutPlanner.plan(cohort, retryWithAbort, Optional.empty(), T0.plusSeconds(20), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Aborted);
        assertThat(plan.next().handledRetry()).as("not consumed while abort is present").isNull();
        assertThat(retryWithAbort.retryWaitsForAbortRemoval(plan.next().handledRetry())).isTrue();
        assertThat(plan.events()).isEmpty();

        var retry = new ManualControls(false, false, false, "r1");
        plan = apply(RolloutPlanner.plan(cohort, retry, Optional.empty(), T0.plusSeconds(30), pass()));
        assertThat(plan.next().phase()).as("abort removed: the waiting retry acts").isEqualTo(RolloutPhase.Progressing);
        assertThat(plan.next().handledRetry()).isEqualTo("r1");
        assertThat(plan.next().enabledTenants()).containsExactly("a");
        assertThat(plan.events()).extracting(PlannedEvent::reason).contains("RetryRequested");
        assertThat(retry.retryWaitsForAbortRemoval(plan.next().handledRetry())).isFalse();
    }

    @Test
    void retryAndAbortSetTogetherAbortFirstAndTheRetryWaits() {
        step(T0, pass());
        var both = new ManualControls(false, false, true, "r1");
        var plan = apply(RolloutPlanner.plan(cohort, both, Optional.empty(), T0.plusSeconds(10), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Aborted);
        assertThat(plan.next().handledRetry()).isNull();
        // Abort set again later with the same, already handled retry value: nothing waits.
        plan = apply(RolloutPlanner.plan(cohort, new ManualControls(false, false, false, "r1"), Optional.empty(), T0.plusSeconds(20), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Progressing);
        plan = apply(RolloutPlanner.plan(cohort, both, Optional.empty(), T0.plusSeconds(30), pass()));
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Aborted);
        assertThat(both.retryWaitsForAbortRemoval(plan.next().handledRetry())).as("r1 has acted already").isFalse();
    }

    @Test
    void resumesFromStatusWithoutReEnablingOrDroppingTenants() {
        step(T0, pass());
        step(T0.plusSeconds(60), pass()); // step 2: a, b
        // A new operator process sees only what status says.
        FederationCohortStatus saved = cohort.getStatus();
        var fresh = FederationCohorts.rollout("ns", "c1", List.of("a", "b", "c", "d"), "http://prom:9090", "1m", 2, 1, 2);
        fresh.setStatus(saved);
        cohort = fresh;
        var plan = step(T0.plusSeconds(90), pass());
        assertThat(plan.next().currentStep()).isEqualTo(1);
        assertThat(plan.next().enabledTenants()).containsExactly("a", "b");
        assertThat(plan.next().history()).extracting(t -> t.reason()).containsExactly("RolloutStarted", "StepAdvanced");
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void noRolloutEnablesEveryoneAtOnce() {
        cohort.getSpec().setRollout(null);
        var plan = step(T0, pass());
        assertThat(plan.next().phase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(plan.next().enabledTenants()).containsExactly("a", "b", "c", "d");
        assertThat(analyses).isZero();
    }

    @Test
    void tenantsRemovedFromTheSpecAreDisabled() {
        step(T0, pass());
        step(T0.plusSeconds(60), pass());
        cohort.getSpec().setTenants(new ArrayList<>(List.of("b", "c", "d")));
        var plan = step(T0.plusSeconds(70), pass());
        assertThat(plan.next().enabledTenants()).as("a removed; refilled up to the step's size").containsExactly("b", "c");
    }

    @Test
    void historyIsBounded() {
        for (int i = 0; i < 30; i++) {
            apply(RolloutPlanner.plan(cohort, new ManualControls(i % 2 == 0, false, false, null), Optional.empty(),
                    T0.plusSeconds(i), pass()));
        }
        assertThat(cohort.getStatus().getHistory()).hasSize(RolloutState.HISTORY_LIMIT);
    }

    private Decision<RolloutState> step(Instant now, Function<List<String>, List<GateStatus>> analysis) {
        return apply(RolloutPlanner.plan(cohort, ManualControls.NONE, Optional.empty(), now, analysis));
    }

    private Decision<RolloutState> apply(Decision<RolloutState> plan) {
        var status = new FederationCohortStatus();
        plan.next().writeTo(status, RolloutPlanner.stepCount(cohort));
        cohort.setStatus(status);
        return plan;
    }

    private Function<List<String>, List<GateStatus>> pass() {
        return tenants -> {
            analyses++;
            return List.of(gate("latency", GateVerdictType.Passed, "p95 0.488 s is within <= 1.250 s"));
        };
    }

    private Function<List<String>, List<GateStatus>> fail() {
        return tenants -> {
            analyses++;
            return List.of(gate("latency", GateVerdictType.Failed, "p95 1.975 s breaches <= 1.250 s"));
        };
    }

    private Function<List<String>, List<GateStatus>> noData() {
        return tenants -> {
            analyses++;
            return List.of(gate("latency", GateVerdictType.Inconclusive, "no data"));
        };
    }

    private static GateStatus gate(String name, GateVerdictType verdict, String message) {
        return new GateStatus(name, verdict, null, 1.25, "<=", message, "q", "t");
    }

}
