package dev.missioncontrol.operator.predictive;

import static dev.missioncontrol.operator.testing.Generated.between;
import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static dev.missioncontrol.operator.testing.Generated.shuffled;
import static dev.missioncontrol.operator.testing.Generated.subset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.DrillOutcome;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Drill;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Rollback;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.TenantGate;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of the predictive planner over arbitrary waves driven through arbitrary sequences of time, per-tenant
 * verdicts and rollback drills; the status is written and read back between steps, as the reconciler does.
 */
@Tag("unit")
class PredictivePlannerPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final List<String> POOL = List.of("acme", "globex", "initech", "hooli", "umbrella", "wayne", "stark", "tyrell");

    /** One reconciliation: seconds since the last, the tenants whose gates fail, whether all else is Inconclusive, a drill. */
    record Tick(int seconds, Set<String> failing, boolean inconclusive, boolean drillSucceeded) {
    }

    record Scenario(List<List<String>> waves, String breachLimit, List<Tick> ticks) {
    }

    static Scenario scenario(Random random) {
        List<String> shuffled = shuffled(random, POOL);
        int count = between(random, 1, 4);
        List<List<String>> waves = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            int size = between(random, 1, 2);
            waves.add(List.copyOf(shuffled.subList(at, at + size)));
            at += size;
        }
        String breachLimit = oneOf(random, "0s", "3s", "10s");
        List<Tick> ticks = listOf(random, 1, 20, r -> new Tick(oneOf(r, 0, 1, 2, 3, 5, 30), Set.copyOf(subset(r, POOL, 0, 2)),
                oneOf(r, false, false, false, true), oneOf(r, false, false, false, true)));
        return new Scenario(waves, breachLimit, ticks);
    }

    @Test
    void tenantsStayInStartedWavesOnlyGrowExceptRollbacksAndAreStableAtRest() {
        forAll("tenantsStayInStartedWavesOnlyGrowExceptRollbacksAndAreStableAtRest", 200, PredictivePlannerPropertiesTest::scenario,
                PredictivePlannerPropertiesTest::check);
    }

    static void check(Scenario scenario) throws Exception {
        PredictiveRollout rollout = PredictiveRollouts.go("ns", "p1", "http://prometheus.monitoring.svc:9090", scenario.breachLimit(),
                scenario.waves());
        Set<String> everRolledBack = new HashSet<>();
        List<Drill> drills = new ArrayList<>();
        Instant now = T0;
        for (Tick tick : scenario.ticks()) {
            now = now.plusSeconds(tick.seconds());
            if (tick.drillSucceeded()) {
                drills.add(new Drill("drill-" + drills.size(), now.minusSeconds(60).toString(), now.toString(), 60L, DrillOutcome.Succeeded));
            }
            var prev = rollout.getStatus() == null ? new PredictiveRolloutStatus() : rollout.getStatus();
            List<String> before = List.copyOf(prev.getEnabledTenants());
            var decision = PredictivePlanner.plan(rollout, now, List.copyOf(drills), gates(tick, new AtomicInteger()));
            var next = decision.next();

            int wave = next.getCurrentWave() == null ? -1 : next.getCurrentWave();
            Set<String> started = scenario.waves().subList(0, wave + 1).stream().flatMap(List::stream).collect(Collectors.toSet());
            assertThat(next.getEnabledTenants()).as("enabled tenants belong to the waves started so far").allMatch(started::contains)
                    .doesNotHaveDuplicates();
            Set<String> rolledBackNow = decision.events().stream().filter(e -> e.reason().equals("TenantRolledBack"))
                    .map(PlannedEvent::message).map(m -> m.split(" ")[1]).collect(Collectors.toSet());
            Set<String> lost = new HashSet<>(before);
            lost.removeAll(next.getEnabledTenants());
            assertThat(lost).as("a tenant is disabled only by its rollback").isEqualTo(rolledBackNow);
            everRolledBack.addAll(next.getRollbacks().stream().map(Rollback::tenant).toList());
            assertThat(next.getEnabledTenants()).as("a rolled-back tenant is never enabled again").noneMatch(everRolledBack::contains);
            int prevWave = prev.getCurrentWave() == null ? -1 : prev.getCurrentWave();
            assertThat(wave).as("waves start in order, one at a time").isBetween(prevWave, prevWave + 1);
            if (next.getPhase() == PredictivePhase.Completed) {
                assertThat(wave).as("completed only after the last wave").isEqualTo(scenario.waves().size() - 1);
            }
            if (wave == scenario.waves().size() - 1 && wave > 0 && prevWave < wave) {
                assertThat(next.getLastSuccessfulDrill()).as("the final wave needs a successful drill").isNotNull();
            }
            rollout.setStatus(next);
            String written = JSON.writeValueAsString(next);

            var analyses = new AtomicInteger();
            var again = PredictivePlanner.plan(rollout, now, List.copyOf(drills), gates(tick, analyses));
            assertThat(again.events()).as("events when replanned at rest").isEmpty();
            assertThat(analyses.get()).as("analyses when replanned at rest").isZero();
            assertThat(JSON.writeValueAsString(again.next())).as("status when replanned at rest").isEqualTo(written);
        }
    }

    private static Function<List<String>, List<TenantGate>> gates(Tick tick, AtomicInteger calls) {
        return tenants -> {
            calls.incrementAndGet();
            List<TenantGate> out = new ArrayList<>();
            for (String tenant : tenants) {
                GateVerdictType verdict = tick.failing().contains(tenant) ? GateVerdictType.Failed
                        : tick.inconclusive() ? GateVerdictType.Inconclusive : GateVerdictType.Passed;
                out.add(new TenantGate(tenant, "abuseRate", verdict, verdict == GateVerdictType.Inconclusive ? null : 0.01, 0.02,
                        "abuseRate " + verdict));
            }
            return out;
        };
    }
}
