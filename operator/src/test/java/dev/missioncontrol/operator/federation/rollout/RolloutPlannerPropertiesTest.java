package dev.missioncontrol.operator.federation.rollout;

import static dev.missioncontrol.operator.testing.Generated.between;
import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static dev.missioncontrol.operator.testing.Generated.subset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of the rollout state machine over arbitrary cohorts driven through arbitrary sequences of time, gate
 * verdicts, manual controls and the phase of the cohort it waits for; the status is written and read back between
 * steps, as the reconciler does.
 */
@Tag("unit")
class RolloutPlannerPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final List<String> POOL = List.of("acme", "globex", "initech", "hooli", "umbrella", "wayne", "stark");

    /** One reconciliation: seconds since the last one, the verdict every gate gets if analysed, and the controls. */
    record Tick(int seconds, GateVerdictType verdict, boolean pause, boolean promote, boolean abort, String retry,
            Optional<RolloutPhase> afterPhase) {
    }

    record Scenario(List<String> tenants, List<Integer> steps, List<Boolean> pauses, int failureLimit, boolean waitsForAnother,
            boolean noRollout, List<Tick> ticks) {

        FederationCohort cohort() {
            var cohort = FederationCohorts.rollout("ns", "c1", tenants, "http://prometheus.monitoring.svc:9090", "1m", failureLimit,
                    steps.stream().mapToInt(Integer::intValue).toArray());
            for (int i = 0; i < steps.size(); i++) {
                if (pauses.get(i)) {
                    cohort.getSpec().getRollout().getSteps().set(i, new RolloutStep(steps.get(i), "90s"));
                }
            }
            if (waitsForAnother) {
                cohort.getSpec().setAfter("c0");
            }
            if (noRollout) {
                cohort.getSpec().setRollout(null);
            }
            return cohort;
        }
    }

    static Scenario scenario(Random random) {
        List<String> tenants = subset(random, POOL, 1, 6);
        List<Integer> steps = listOf(random, 1, 4, r -> between(r, 1, 8));
        List<Boolean> pauses = listOf(random, 4, 4, r -> oneOf(r, false, false, true));
        int failureLimit = between(random, 1, 3);
        boolean waitsForAnother = oneOf(random, false, false, true);
        boolean noRollout = oneOf(random, false, false, false, false, true);
        List<Tick> ticks = listOf(random, 1, 20, RolloutPlannerPropertiesTest::tick);
        return new Scenario(tenants, steps, pauses.subList(0, steps.size()), failureLimit, waitsForAnother, noRollout, ticks);
    }

    static Tick tick(Random random) {
        int seconds = oneOf(random, 0, 1, 30, 59, 60, 61, 90, 120, 600);
        GateVerdictType verdict = oneOf(random, GateVerdictType.Passed, GateVerdictType.Passed, GateVerdictType.Failed,
                GateVerdictType.Inconclusive);
        boolean pause = oneOf(random, false, false, false, true);
        boolean promote = oneOf(random, false, false, false, false, false, true);
        boolean abort = oneOf(random, false, false, false, false, false, true);
        String retry = oneOf(random, "", "", "", "r1", "r2");
        Optional<RolloutPhase> afterPhase = oneOf(random, Optional.<RolloutPhase>empty(), Optional.of(RolloutPhase.Progressing),
                Optional.of(RolloutPhase.Promoted));
        return new Tick(seconds, verdict, pause, promote, abort, retry.isEmpty() ? null : retry, afterPhase);
    }

    @Test
    void enabledTenantsStayInTheSpecOnlyGrowAndAreStableAtRest() {
        forAll("enabledTenantsStayInTheSpecOnlyGrowAndAreStableAtRest", 200, RolloutPlannerPropertiesTest::scenario,
                RolloutPlannerPropertiesTest::check);
    }

    static void check(Scenario scenario) throws Exception {
        FederationCohort cohort = scenario.cohort();
        Set<String> spec = Set.copyOf(scenario.tenants());
        int stepCount = RolloutPlanner.stepCount(cohort);
        Instant now = T0;
        for (Tick tick : scenario.ticks()) {
            now = now.plusSeconds(tick.seconds());
            var controls = new ManualControls(tick.pause(), tick.promote(), tick.abort(), tick.retry());
            List<String> before = Optional.ofNullable(cohort.getStatus()).map(FederationCohortStatus::getEnabledTenants).orElse(List.of());
            var decision = RolloutPlanner.plan(cohort, controls, tick.afterPhase(), now, gates(tick.verdict(), new AtomicInteger()));
            var next = decision.next();

            assertThat(next.enabledTenants()).as("enabled tenants are tenants of the spec").allMatch(spec::contains).doesNotHaveDuplicates();
            boolean fellBack = next.phase() == RolloutPhase.FallenBack || next.phase() == RolloutPhase.Aborted;
            if (!fellBack) {
                assertThat(next.enabledTenants()).as("no tenant is disabled except by a fallback or an abort").containsAll(before);
            } else {
                assertThat(next.enabledTenants()).as("a fallback serves every tenant single-index").isEmpty();
            }
            if (next.phase() == RolloutPhase.Promoted) {
                assertThat(next.enabledTenants()).containsExactlyInAnyOrderElementsOf(spec);
            }
            if (next.phase() == RolloutPhase.Progressing) {
                assertThat(next.failedChecks()).as("fewer consecutive failures than the limit").isLessThan(scenario.failureLimit());
                assertThat(next.currentStep()).isBetween(0, stepCount - 1);
                int expected = RolloutSteps.of(cohort.getSpec()).get(next.currentStep()).tenants();
                assertThat(next.enabledTenants()).as("a step enables its count, in spec order").hasSize(expected)
                        .containsExactlyElementsOf(scenario.tenants().subList(0, expected));
            }
            if (tick.abort()) {
                assertThat(next.phase()).as("abort always wins").isEqualTo(RolloutPhase.Aborted);
            }
            String written = write(cohort, next, stepCount);

            // At rest: the same moment, the same controls, its own output: no analysis, no event, no change.
            var analyses = new AtomicInteger();
            var again = RolloutPlanner.plan(cohort, controls, tick.afterPhase(), now, gates(tick.verdict(), analyses));
            assertThat(again.events()).as("events when replanned at rest after " + tick).isEmpty();
            assertThat(analyses.get()).as("analyses when replanned at rest").isZero();
            var probe = new FederationCohort();
            probe.setSpec(cohort.getSpec());
            assertThat(write(probe, again.next(), stepCount)).as("status when replanned at rest").isEqualTo(written);
        }
    }

    private static String write(FederationCohort cohort, RolloutState state, int stepCount) throws Exception {
        var status = new FederationCohortStatus();
        state.writeTo(status, stepCount);
        cohort.setStatus(status);
        return JSON.writeValueAsString(status);
    }

    private static Function<List<String>, List<GateStatus>> gates(GateVerdictType verdict, AtomicInteger calls) {
        return tenants -> {
            calls.incrementAndGet();
            List<GateStatus> out = new ArrayList<>();
            for (String gate : List.of("latency", "errors", "ctr")) {
                out.add(new GateStatus(gate, verdict, verdict == GateVerdictType.Inconclusive ? null : 1.0, 1.25, "<=",
                        gate + " " + verdict, "q", "t"));
            }
            return out;
        };
    }
}
