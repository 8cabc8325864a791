package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.experiment.TenantCounts;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExperimentPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli", "vehement", "stark", "wayne");

    static CacheWarmExperiment experiment() {
        var e = CacheWarmExperiments.topKAgainstControl("search-demo", "warmers-v3", TENANTS, "http://127.0.0.1:9090",
                "http://127.0.0.1:8080/search");
        e.getSpec().setMinDuration("10m");
        e.getSpec().setMaxDuration("24h");
        e.getSpec().setMinSamplePerArm(1000L);
        e.getMetadata().setGeneration(1L);
        return e;
    }

    /** Counts since the start: each tenant's lookups, control tenants at 40 %, topk tenants at 40 % + lift. */
    static ExperimentMeasurement measured(Map<String, String> assignment, long lookupsPerTenant, double lift, Map<String, Double> p95) {
        List<TenantCounts> counts = new ArrayList<>();
        assignment.forEach((t, arm) -> counts.add(new TenantCounts(t, arm,
                Math.round(lookupsPerTenant * (arm.equals("control") ? 0.40 : 0.40 + lift)), lookupsPerTenant)));
        return new ExperimentMeasurement(counts, Map.copyOf(assignment), p95, Map.of("topk", 100.0), null);
    }

    static CacheWarmExperiment after(CacheWarmExperiment e, ExperimentPlanner.Plan plan) {
        e.setStatus(CacheWarmExperimentStatusAggregator.build(e, plan, AlertRules.NONE, Clock.fixed(T0, ZoneOffset.UTC)));
        return e;
    }

    @Test
    void theFirstLookRecordsTheAssignmentAndMeasuresNothing() {
        var e = experiment();
        var calls = new AtomicInteger();
        var d = ExperimentPlanner.plan(e, T0, a -> {
            calls.incrementAndGet();
            return ExperimentMeasurement.failed("not called");
        });
        var s = d.next().status();
        assertThat(calls).hasValue(0);
        assertThat(s.getStartedAt()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(s.getAssignment()).extracting(CacheWarmExperimentStatus.TenantArm::tenant).containsExactlyElementsOf(TENANTS);
        assertThat(s.getAssignment()).allSatisfy(a -> assertThat(a.arm()).isIn("control", "topk"));
        assertThat(s.getHashing().version()).isEqualTo("0.11.15");
        assertThat(s.getFlagKey()).isEqualTo("cache-warmer.warmers-v3");
        assertThat(d.events()).extracting(ev -> ev.reason()).contains("ExperimentStarted");
        assertThat(d.requeue()).contains(Duration.ofMinutes(1));
    }

    @Test
    void aRestartContinuesFromTheRecordedStartAndAssignmentAndAWinnerIsFinal() {
        var e = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        var recorded = List.copyOf(e.getStatus().getAssignment());
        // 5 minutes in: below the minimum duration, the lift already visible
        var d1 = ExperimentPlanner.plan(e, T0.plusSeconds(300), a -> measured(a, 5000, 0.10, Map.of("control", 0.1, "topk", 0.1)));
        assertThat(d1.next().status().getDecision()).isEqualTo(ExperimentDecision.Running);
        assertThat(d1.next().reason()).isEqualTo("MinimumDuration");
        e = after(e, d1.next());
        // a restarted operator has only status: a fresh copy of the resource with the written status continues
        var restarted = experiment();
        restarted.setStatus(e.getStatus());
        Map<String, String> seen = new LinkedHashMap<>();
        var d2 = ExperimentPlanner.plan(restarted, T0.plusSeconds(900), a -> {
            seen.putAll(a);
            return measured(a, 20000, 0.10, Map.of("control", 0.1, "topk", 0.104));
        });
        var s = d2.next().status();
        assertThat(s.getAssignment()).isEqualTo(recorded);
        assertThat(seen).hasSize(TENANTS.size());
        assertThat(s.getStartedAt()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(s.getDecision()).as(d2.next().message()).isEqualTo(ExperimentDecision.Winner);
        assertThat(s.getWinner()).isEqualTo("topk");
        assertThat(s.getDecidedAt()).isEqualTo("2026-11-30T10:15:00Z");
        assertThat(d2.next().decided()).isNotNull();
        assertThat(d2.requeue()).isEmpty();
        var topk = s.getArms().get(1);
        assertThat(topk.lower()).isGreaterThan(0.02);
        assertThat(topk.hitRatio()).isEqualTo(0.5);
        assertThat(CacheWarmExperimentStatusAggregator.readiness(d2.next()).state()).isEqualTo(Readiness.State.READY);
        restarted = after(restarted, d2.next());
        // decided: nothing measured again, nothing signed again
        var d3 = ExperimentPlanner.plan(restarted, T0.plusSeconds(3600), a -> {
            throw new AssertionError("a decided experiment is not measured");
        });
        assertThat(d3.next().decided()).isNull();
        assertThat(d3.next().status().getDecision()).isEqualTo(ExperimentDecision.Winner);
    }

    @Test
    void aTenantServedAnotherArmThanRecordedStopsTheExperimentAsAssignmentDrift() {
        var e = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        var d = ExperimentPlanner.plan(e, T0.plusSeconds(120), a -> {
            var m = measured(a, 5000, 0.0, Map.of());
            Map<String, String> served = new LinkedHashMap<>(a);
            served.put("acme", a.get("acme").equals("control") ? "topk" : "control");
            return new ExperimentMeasurement(m.counts(), served, m.p95SecondsByArm(), m.warmerQueriesByArm(), null);
        });
        assertThat(d.next().status().getDecision()).isEqualTo(ExperimentDecision.Invalid);
        assertThat(d.next().reason()).isEqualTo("AssignmentDrift");
        assertThat(d.next().message()).contains("acme: ");
        assertThat(CacheWarmExperimentStatusAggregator.readiness(d.next()).state()).isEqualTo(Readiness.State.STALLED);
        assertThat(d.events()).anySatisfy(ev -> {
            assertThat(ev.warning()).isTrue();
            assertThat(ev.reason()).isEqualTo("ExperimentInvalid");
        });
    }

    @Test
    void noDataAndPrometheusErrorsAreNeverADecision() {
        var e = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        var none = ExperimentPlanner.plan(e, T0.plusSeconds(3600), a -> new ExperimentMeasurement(List.of(), Map.of(), Map.of(), Map.of(), null));
        assertThat(none.next().status().getDecision()).isEqualTo(ExperimentDecision.Running);
        assertThat(none.next().reason()).isEqualTo("NoData");
        assertThat(CacheWarmExperimentStatusAggregator.readiness(none.next()).state()).isEqualTo(Readiness.State.RECONCILING);
        var failed = ExperimentPlanner.plan(e, T0.plusSeconds(3600), a -> ExperimentMeasurement.failed("connection refused"));
        assertThat(failed.next().status().getDecision()).isEqualTo(ExperimentDecision.Running);
        assertThat(failed.next().queryFailed()).isTrue();
        assertThat(failed.next().message()).contains("connection refused");
    }

    @Test
    void aSlowArmIsStoppedByItsGuardrailAndCannotWin() {
        var e = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        var d = ExperimentPlanner.plan(e, T0.plusSeconds(900), a -> measured(a, 20000, 0.10, Map.of("control", 0.100, "topk", 0.150)));
        var topk = d.next().status().getArms().get(1);
        assertThat(topk.outcome()).isEqualTo("Stopped");
        assertThat(topk.latencyGuardrail()).isEqualTo("Breached");
        assertThat(topk.stoppedBecause()).contains("p95 latency 0.150s");
        assertThat(topk.stoppedAt()).isEqualTo(T0.plusSeconds(900).toString());
        // its only non-control arm stopped: nothing is left to compare, the experiment ends without a decision on the hit ratio
        assertThat(d.next().status().getDecision()).isEqualTo(ExperimentDecision.Inconclusive);
        assertThat(d.next().reason()).isEqualTo("AllArmsStopped");
        assertThat(d.events()).anySatisfy(ev -> assertThat(ev.reason()).isEqualTo("GuardrailBreached"));
    }

    @Test
    void aStoppedArmStaysStoppedFromStatusOnceItsLatencyRecoversAndNeverWins() {
        var three = experiment();
        three.getSpec().getArms().set(0, CacheWarmExperiments.arm("control", true, 34,
                dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic.None));
        three.getSpec().getArms().set(1, CacheWarmExperiments.arm("topk", false, 33,
                dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic.TopK));
        three.getSpec().getArms().add(CacheWarmExperiments.arm("recency", false, 33,
                dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic.RecencyWeighted));
        var e = after(three, ExperimentPlanner.plan(three, T0, a -> null).next());
        var slow = ExperimentPlanner.plan(e, T0.plusSeconds(300), a -> measured(a, 20000, 0.10,
                Map.of("control", 0.100, "topk", 0.150, "recency", 0.100)));
        var stopped = slow.next().status().getArms().stream().filter(a -> a.name().equals("topk")).findFirst().orElseThrow();
        assertThat(stopped.outcome()).isEqualTo("Stopped");
        assertThat(stopped.stoppedAt()).isEqualTo(T0.plusSeconds(300).toString());
        assertThat(slow.next().status().getDecision()).as("recency goes on").isEqualTo(ExperimentDecision.Running);
        assertThat(slow.events()).filteredOn(ev -> ev.reason().equals("GuardrailBreached")).singleElement()
                .satisfies(ev -> assertThat(ev.message()).contains("arm topk", "p95 latency 0.150s"));
        assertThat(WarmerCronJobDependent.cronJob(after(e, slow.next()), e.getSpec().getArms().get(1)).getSpec().getSuspend()).isTrue();

        // later looks, the status read back (as after a restart): topk's latency is fine again and it is far better than control
        for (int look = 2; look <= 4; look++) {
            var fast = ExperimentPlanner.plan(e, T0.plusSeconds(900L * look), a -> new ExperimentMeasurement(
                    measured(a, 20000, 0.10, Map.of()).counts(), Map.copyOf(a), Map.of("control", 0.100, "topk", 0.100, "recency", 0.100),
                    Map.of("topk", 10.0, "recency", 10.0), null));
            var topk = fast.next().status().getArms().stream().filter(a -> a.name().equals("topk")).findFirst().orElseThrow();
            assertThat(topk.outcome()).isEqualTo("Stopped");
            assertThat(topk.latencyGuardrail()).as("measured again").isEqualTo("Holds");
            assertThat(topk.stoppedAt()).isEqualTo(stopped.stoppedAt());
            assertThat(topk.stoppedBecause()).isEqualTo(stopped.stoppedBecause());
            assertThat(fast.next().status().getWinner()).isNotEqualTo("topk");
            assertThat(fast.events()).noneSatisfy(ev -> assertThat(ev.reason()).isEqualTo("GuardrailBreached"));
            if (fast.next().status().getDecision() != ExperimentDecision.Running) {
                break;
            }
            after(e, fast.next());
        }
    }
}
