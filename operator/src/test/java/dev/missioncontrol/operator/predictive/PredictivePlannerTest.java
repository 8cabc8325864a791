package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Drill;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.TenantGate;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec.Milestone;
import dev.missioncontrol.operator.api.v1alpha1.DrillOutcome;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The predictive rollout decided step by step with a fixed clock and scripted measurements. */
@Tag("unit")
class PredictivePlannerTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    PredictiveRollout rollout;
    List<Drill> drills;

    @BeforeEach
    void setUp() {
        rollout = PredictiveRollouts.go("ns", "r", "http://prom:9090", "10s", List.of(List.of("a", "b"), List.of("c"), List.of("d")));
        rollout.getSpec().getAnalysis().setInterval("1m");
        drills = new ArrayList<>();
    }

    @Test
    void healthyWavesAdvanceAndTheFinalOneWaitsForAFreshDrill() {
        var plan = step(T0, healthy());
        assertThat(plan.next().getEnabledTenants()).containsExactly("a", "b");
        assertThat(plan.events()).extracting(PlannedEvent::reason).containsExactly("WaveStarted");
        plan = step(T0.plusSeconds(60), healthy());
        assertThat(plan.next().getCurrentWave()).isEqualTo(1);
        assertThat(plan.next().getEnabledTenants()).containsExactly("a", "b", "c");
        plan = step(T0.plusSeconds(120), healthy());
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.HELD_FOR_DRILL);
        assertThat(plan.next().getEnabledTenants()).doesNotContain("d");

        drills.add(new Drill("r-drill-1", T0.plusSeconds(130).toString(), T0.plusSeconds(140).toString(), 10L, DrillOutcome.Succeeded));
        plan = step(T0.plusSeconds(145), healthy());
        assertThat(plan.next().getPhase()).as("a fresh drill releases the final wave at once").isEqualTo(PredictivePlanner.PROGRESSING);
        assertThat(plan.next().getEnabledTenants()).containsExactly("a", "b", "c", "d");
        plan = step(T0.plusSeconds(205), healthy());
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.COMPLETED);
        assertThat(plan.requeue()).as("at rest once completed").isEmpty();
    }

    @Test
    void aStaleDrillDoesNotCount() {
        drills.add(new Drill("old", T0.minus(Duration.ofDays(9)).toString(), T0.minus(Duration.ofDays(9)).toString(), 5L, DrillOutcome.Succeeded));
        step(T0, healthy());
        step(T0.plusSeconds(60), healthy());
        assertThat(step(T0.plusSeconds(120), healthy()).next().getPhase()).isEqualTo(PredictivePlanner.HELD_FOR_DRILL);
    }

    @Test
    void aBreachPausesAndOnlyTheBreachingTenantIsRolledBackAfterTheLimit() {
        step(T0, healthy());
        var plan = step(T0.plusSeconds(60), failing("b", "abuseRate", 0.05));
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.PAUSED);
        assertThat(plan.next().getBreaches()).singleElement().satisfies(b -> assertThat(b.since()).isEqualTo(T0.plusSeconds(60).toString()));
        assertThat(plan.next().getEnabledTenants()).containsExactly("a", "b");
        assertThat(plan.events()).extracting(PlannedEvent::reason).containsExactly("WavePaused");

        plan = step(T0.plusSeconds(120), failing("b", "abuseRate", 0.05));
        assertThat(plan.next().getEnabledTenants()).containsExactly("a");
        assertThat(plan.next().getRollbackCount()).isEqualTo(1);
        assertThat(plan.next().getRollbacks()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo("b");
            assertThat(r.gate()).isEqualTo("abuseRate");
            assertThat(r.value()).isEqualTo(0.05);
        });
        assertThat(plan.events()).extracting(PlannedEvent::reason).contains("TenantRolledBack");
        plan = step(T0.plusSeconds(180), healthy());
        assertThat(plan.next().getEnabledTenants()).as("a rolled-back tenant stays off").containsExactly("a", "c");
    }

    @Test
    void inconclusiveHoldsTheWave() {
        step(T0, healthy());
        var plan = step(T0.plusSeconds(60), tenants -> gates(tenants, GateVerdictType.Inconclusive, null));
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.PROGRESSING);
        assertThat(plan.next().getCurrentWave()).isZero();
    }

    @Test
    void noGoTracksMilestonesAndSwitchingToGoStartsTheRollout() {
        rollout = PredictiveRollouts.noGo("ns", "r", "2026-12-15T00:00:00Z", List.of(
                new Milestone("m1", "Bias audit", "ethics", T0.plusSeconds(30).toString(), false),
                new Milestone("m2", "Eval set", "eval", T0.plusSeconds(90).toString(), true)));
        var plan = step(T0, healthy());
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.NO_GO);
        assertThat(plan.next().getRemediationPercent()).isEqualTo(50);
        assertThat(plan.next().getOverdueMilestones()).isEmpty();
        assertThat(plan.requeue()).contains(Duration.ofSeconds(30).plusMillis(500));
        plan = step(T0.plusSeconds(31), healthy());
        assertThat(plan.next().getOverdueMilestones()).extracting(o -> o.id()).containsExactly("m1");
        assertThat(plan.events()).extracting(PlannedEvent::reason).containsExactly("MilestoneOverdue");
        assertThat(step(T0.plusSeconds(40), healthy()).events()).as("reported once").isEmpty();

        var go = PredictiveRollouts.go("ns", "r", "http://prom:9090", "10s", List.of(List.of("a"), List.of("b")));
        go.setStatus(rollout.getStatus());
        rollout = go;
        plan = step(T0.plusSeconds(50), healthy());
        assertThat(plan.next().getPhase()).isEqualTo(PredictivePlanner.PROGRESSING);
        assertThat(plan.next().getEnabledTenants()).containsExactly("a");
        assertThat(plan.next().getOverdueMilestones()).isEmpty();
        assertThat(plan.events()).extracting(PlannedEvent::message)
                .containsExactly("Wave 1/2 started (decision switched from no-go to go by " + Actors.REVIEWER + "): tenants a enabled.");
    }

    @Test
    void resumesFromStatusAlone() {
        step(T0, healthy());
        step(T0.plusSeconds(60), healthy());
        var saved = rollout.getStatus();
        rollout = PredictiveRollouts.go("ns", "r", "http://prom:9090", "10s", List.of(List.of("a", "b"), List.of("c"), List.of("d")));
        rollout.getSpec().getAnalysis().setInterval("1m");
        rollout.setStatus(saved);
        var plan = step(T0.plusSeconds(70), tenants -> {
            throw new AssertionError("no analysis is due yet");
        });
        assertThat(plan.next().getEnabledTenants()).containsExactly("a", "b", "c");
        assertThat(plan.events()).isEmpty();
        assertThat(plan.requeue()).contains(Duration.ofSeconds(50));
    }

    private Decision<PredictiveRolloutStatus> step(Instant now, Function<List<String>, List<TenantGate>> analysis) {
        var plan = PredictivePlanner.plan(rollout, now, drills, analysis);
        rollout.setStatus(plan.next());
        return plan;
    }

    private static Function<List<String>, List<TenantGate>> healthy() {
        return tenants -> gates(tenants, GateVerdictType.Passed, 0.996);
    }

    private static Function<List<String>, List<TenantGate>> failing(String tenant, String gate, double value) {
        return tenants -> {
            List<TenantGate> out = new ArrayList<>(gates(tenants, GateVerdictType.Passed, 0.001));
            out.removeIf(g -> g.tenant().equals(tenant) && g.gate().equals(gate));
            if (Set.copyOf(tenants).contains(tenant)) {
                out.add(new TenantGate(tenant, gate, GateVerdictType.Failed, value, 0.02, gate + " breached"));
            }
            return out;
        };
    }

    private static List<TenantGate> gates(List<String> tenants, GateVerdictType verdict, Double value) {
        List<TenantGate> out = new ArrayList<>();
        for (String t : tenants) {
            for (String g : List.of("auditSampling", "abuseRate", "quotaRejections")) {
                out.add(new TenantGate(t, g, verdict, value, 0.5, g));
            }
        }
        return out;
    }
}
