package dev.missioncontrol.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.experiment.ExperimentRule.ArmOutcome;
import dev.missioncontrol.core.experiment.ExperimentRule.Decision;
import dev.missioncontrol.core.experiment.ExperimentRule.Verdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExperimentRuleTest {

    static final int SEEDS = 200;
    static final int MAX_INTERVALS = 60;
    static final ExperimentRule RULE = new ExperimentRule(0.02, 0.05, 1000, Duration.ZERO,
            ExperimentSimulation.INTERVAL.multipliedBy(MAX_INTERVALS));
    static final Map<String, Integer> FIFTY_FIFTY = weights("control", 50, "topk", 50);

    static Map<String, Integer> weights(Object... kv) {
        Map<String, Integer> w = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            w.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return w;
    }

    static Map<String, Guardrail> holding(String... arms) {
        Map<String, Guardrail> g = new LinkedHashMap<>();
        for (String arm : arms) {
            g.put(arm, new Guardrail(arm, 0.100, 0.100, 0.10, 50.0, 100));
        }
        return g;
    }

    /** Runs one seeded experiment, looking every interval, until a terminal decision; returns it and when. */
    record Run(Verdict verdict, int intervals, boolean intervalEverMissedTruth) {
    }

    static Run run(long seed, Map<String, Integer> weights, Map<String, Double> effect, Map<String, Double> traffic,
            ExperimentRule rule, int tenantsPerArm) {
        List<String> arms = List.copyOf(weights.keySet());
        var sim = new ExperimentSimulation(seed, arms, tenantsPerArm, effect, traffic, 250);
        boolean missed = false;
        Verdict v = null;
        for (int i = 1; i <= MAX_INTERVALS; i++) {
            v = rule.decide("control", weights, sim.step(), holding(arms.subList(1, arms.size()).toArray(String[]::new)),
                    ExperimentSimulation.INTERVAL.multipliedBy(i));
            for (var r : v.arms()) {
                if (!r.control() && r.interval().bounded() && !r.interval().contains(effect.getOrDefault(r.arm(), 0.0))) {
                    missed = true;
                }
            }
            if (v.decision().terminal()) {
                return new Run(v, i, missed);
            }
        }
        return new Run(v, MAX_INTERVALS, missed);
    }

    @Test
    void anAaExperimentLookedAtEveryIntervalDeclaresAFalseWinnerInAtMostFivePercentOfRuns() {
        int falseWinners = 0;
        int missedTruth = 0;
        int invalid = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(seed, FIFTY_FIFTY, Map.of(), Map.of(), RULE, 4);
            if (r.verdict().decision() == Decision.Winner) {
                falseWinners++;
            }
            if (r.verdict().decision() == Decision.Invalid) {
                invalid++;
            }
            if (r.intervalEverMissedTruth()) {
                missedTruth++;
            }
        }
        System.out.printf("A/A over %d seeds: %d false winners, %d Invalid, %d intervals ever excluded 0%n", SEEDS, falseWinners,
                invalid, missedTruth);
        assertThat(falseWinners).as("false winners in %d A/A runs", SEEDS).isLessThanOrEqualTo(SEEDS * 5 / 100);
        assertThat(invalid).as("A/A runs ended Invalid (sample ratio)", SEEDS).isLessThanOrEqualTo(SEEDS * 5 / 100);
        // the stronger property behind it: the interval, read every interval, ever excludes the true difference (0)
        // in at most 5 % of runs (tenants differ in their base hit ratio; the delta-method variance covers that)
        assertThat(missedTruth).as("runs whose interval ever excluded 0, of %d", SEEDS).isLessThanOrEqualTo(SEEDS * 5 / 100);
    }

    @Test
    void aFixedHorizonIntervalReadEveryIntervalWouldMissFarMoreOften() {
        // why the always-valid interval is needed: the textbook 95 % interval, looked at every interval, excludes the
        // true difference in many more than 5 % of A/A runs
        int missed = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            var sim = new ExperimentSimulation(seed, List.of("control", "topk"), 4, Map.of(), Map.of(), 250);
            for (int i = 1; i <= MAX_INTERVALS; i++) {
                var counts = sim.step();
                ArmSample c = ArmSample.of("control", counts);
                ArmSample t = ArmSample.of("topk", counts);
                double half = 1.96 * Math.sqrt(c.variance() + t.variance());
                if (Math.abs(t.hitRatio() - c.hitRatio()) > half) {
                    missed++;
                    break;
                }
            }
        }
        System.out.printf("fixed-horizon 95 %% interval read every interval: excluded 0 in %d of %d A/A runs%n", missed, SEEDS);
        assertThat(missed).isGreaterThan(SEEDS * 10 / 100);
    }

    @Test
    void aTrueFivePointEffectReachesWinnerWithinABoundedNumberOfIntervals() {
        int slowest = 0;
        for (long seed = 1; seed <= 50; seed++) {
            Run r = run(seed, FIFTY_FIFTY, Map.of("topk", 0.05), Map.of(), RULE, 4);
            assertThat(r.verdict().decision()).as("seed %d: %s", seed, r.verdict().message()).isEqualTo(Decision.Winner);
            assertThat(r.verdict().winner()).isEqualTo("topk");
            slowest = Math.max(slowest, r.intervals());
        }
        System.out.printf("+5 points: the slowest of 50 runs reached Winner after %d intervals%n", slowest);
        assertThat(slowest).as("intervals to the slowest Winner").isLessThanOrEqualTo(48);
    }

    @Test
    void withThreeArmsTheOneThatReallyWarmsWins() {
        var w = weights("control", 34, "topk", 33, "recency", 33);
        for (long seed = 1; seed <= 20; seed++) {
            Run r = run(seed, w, Map.of("recency", 0.06), Map.of(), RULE, 4);
            assertThat(r.verdict().decision()).as("seed %d: %s", seed, r.verdict().message()).isEqualTo(Decision.Winner);
            assertThat(r.verdict().winner()).isEqualTo("recency");
            assertThat(r.verdict().armAlpha()).isEqualTo(0.025);
        }
    }

    @Test
    void aSixtyFortySplitUnderAFiftyFiftyAllocationEndsInvalid() {
        for (long seed = 1; seed <= 20; seed++) {
            Run r = run(seed, FIFTY_FIFTY, Map.of(), Map.of("control", 1.5), RULE, 4);
            assertThat(r.verdict().decision()).as("seed %d", seed).isEqualTo(Decision.Invalid);
            assertThat(r.verdict().reason()).isEqualTo("SampleRatioMismatch");
            assertThat(r.verdict().sampleRatio().pValue()).isLessThan(0.001);
            assertThat(r.intervals()).isLessThanOrEqualTo(15);
        }
    }

    @Test
    void noEffectAtAllEndsNoDifferenceOnceTheIntervalFitsInsideTheMargin() {
        var rule = new ExperimentRule(0.02, 0.05, 1000, Duration.ZERO, Duration.ofHours(10));
        var sim = new ExperimentSimulation(7, List.of("control", "topk"), 4, Map.of(), Map.of(), 2000);
        Verdict v = null;
        for (int i = 1; i <= 200 && (v == null || !v.decision().terminal()); i++) {
            v = rule.decide("control", FIFTY_FIFTY, sim.step(), holding("topk"), Duration.ofMinutes(i));
        }
        assertThat(v.decision()).isIn(Decision.NoDifference, Decision.Running);
        assertThat(v.decision()).as(v.message()).isEqualTo(Decision.NoDifference);
        // the experiment stops as soon as the arm cannot win any more: its interval lies below +margin
        assertThat(v.arms().get(1).outcome()).isIn(ArmOutcome.Equivalent, ArmOutcome.NotBetter);
        assertThat(v.arms().get(1).interval().upper()).isLessThan(0.02);
    }

    @Test
    void tenantsThatDifferALotMakeAFewTenantExperimentInconclusiveNotAFalseWinner() {
        // tenants, not lookups, are assigned: with 4 tenants per arm whose own hit ratios spread over 10 points, the arm
        // that drew the better tenants looks better however many lookups come; the interval stays wide instead
        double ratios = 0;
        for (long seed = 1; seed <= 50; seed++) {
            var sim = new ExperimentSimulation(seed, List.of("control", "topk"), 4, Map.of(), Map.of(), 2000, 0.10);
            Verdict v = null;
            for (int i = 1; i <= MAX_INTERVALS && (v == null || !v.decision().terminal()); i++) {
                v = RULE.decide("control", FIFTY_FIFTY, sim.step(), holding("topk"), ExperimentSimulation.INTERVAL.multipliedBy(i));
            }
            assertThat(v.decision()).as("seed %d: %s", seed, v.message()).isNotEqualTo(Decision.Winner);
            var topk = v.arms().get(1);
            double binomialOnly = Math.sqrt(topk.sample().hitRatio() * (1 - topk.sample().hitRatio()) / topk.sample().lookups());
            assertThat(Math.sqrt(topk.sample().variance())).as("the delta-method variance counts the tenants' spread")
                    .isGreaterThan(binomialOnly);
            ratios += Math.sqrt(topk.sample().variance()) / binomialOnly;
        }
        assertThat(ratios / 50).as("mean standard error over the binomial one").isGreaterThan(3);
    }

    @Test
    void noDataIsNeverADecision() {
        var counts = List.of(new TenantCounts("a", "control", 0, 0), new TenantCounts("b", "topk", 0, 0));
        var v = RULE.decide("control", FIFTY_FIFTY, counts, holding("topk"), Duration.ofMinutes(5));
        assertThat(v.decision()).isEqualTo(Decision.Running);
        assertThat(v.reason()).isEqualTo("NoData");
        assertThat(v.sampleRatio()).isNull();
        // one arm with data, the other none: still no decision, and not Invalid either (missing data is not a split)
        var half = List.of(new TenantCounts("a", "control", 400, 1000), new TenantCounts("b", "topk", 0, 0));
        var v2 = new ExperimentRule(0.02, 0.05, 0, Duration.ZERO, Duration.ofHours(1))
                .decide("control", FIFTY_FIFTY, half, holding("topk"), Duration.ofMinutes(5));
        assertThat(v2.decision()).isEqualTo(Decision.Invalid);
        assertThat(RULE.decide("control", FIFTY_FIFTY, counts, holding("topk"), Duration.ofHours(1)).decision())
                .isEqualTo(Decision.Inconclusive);
    }

    @Test
    void aBetterArmWithoutMeasuredGuardrailsDoesNotWinAndABreachedOneIsStopped() {
        var counts = List.of(new TenantCounts("a", "control", 40_000, 100_000), new TenantCounts("b", "topk", 50_000, 100_000));
        var unknown = RULE.decide("control", FIFTY_FIFTY, counts, Map.of(), Duration.ofMinutes(5));
        assertThat(unknown.decision()).isEqualTo(Decision.Running);
        assertThat(unknown.reason()).isEqualTo("GuardrailNoData");
        var slow = Map.of("topk", new Guardrail("topk", 0.200, 0.100, 0.10, 10.0, 100));
        var stopped = RULE.decide("control", FIFTY_FIFTY, counts, slow, Duration.ofMinutes(5));
        assertThat(stopped.arms().get(1).outcome()).isEqualTo(ArmOutcome.Stopped);
        assertThat(stopped.decision()).isEqualTo(Decision.Inconclusive);
        assertThat(stopped.reason()).isEqualTo(ExperimentRule.ALL_ARMS_STOPPED);
        assertThat(slow.get("topk").breachMessage()).contains("p95 latency 0.200s", "10 %", "0.100s");
        var overBudget = new Guardrail("topk", 0.100, 0.100, 0.10, 150.0, 100);
        assertThat(overBudget.breached()).isTrue();
        assertThat(overBudget.breachMessage()).contains("150 queries", "budget of 100");
        var maxed = RULE.decide("control", FIFTY_FIFTY, counts, Map.of(), RULE.maxDuration());
        assertThat(maxed.decision()).isEqualTo(Decision.Inconclusive);
        assertThat(maxed.message()).contains("guardrails were not known to hold");
    }

    static final Map<String, Integer> THREE = weights("control", 1, "topk", 1, "recency", 1); // one tenant each

    static List<TenantCounts> threeArms(long topkHits, long recencyHits) {
        return List.of(new TenantCounts("a", "control", 40_000, 100_000), new TenantCounts("b", "topk", topkHits, 100_000),
                new TenantCounts("c", "recency", recencyHits, 100_000));
    }

    @Test
    void anArmStoppedOnceStaysStoppedAfterItsGuardrailRecoversAndNeverWins() {
        var counts = threeArms(50_000, 40_000); // topk +10 points, far above the margin
        var slow = new LinkedHashMap<>(holding("topk", "recency"));
        slow.put("topk", new Guardrail("topk", 0.200, 0.100, 0.10, 10.0, 100));
        var first = RULE.decide("control", THREE, counts, slow, Set.of(), Duration.ofMinutes(5));
        assertThat(first.arms().get(1).outcome()).isEqualTo(ArmOutcome.Stopped);
        assertThat(first.decision()).as("recency is equivalent, topk stopped").isEqualTo(Decision.NoDifference);
        assertThat(first.message()).contains("stopped: [topk]");

        // recovered: without what was stopped before it would win at once
        var recovered = holding("topk", "recency");
        assertThat(RULE.decide("control", THREE, counts, recovered, Set.of(), Duration.ofMinutes(10)).winner()).isEqualTo("topk");
        var later = RULE.decide("control", THREE, counts, recovered, Set.of("topk"), Duration.ofMinutes(10));
        assertThat(later.arms().get(1).outcome()).isEqualTo(ArmOutcome.Stopped);
        assertThat(later.arms().get(1).guardrail().holds()).as("its values as measured now, listed").isTrue();
        assertThat(later.winner()).isNull();
        assertThat(later.decision()).isEqualTo(Decision.NoDifference);

        // the remaining arm still decides: recency better wins while topk stays stopped
        var recencyBetter = RULE.decide("control", THREE, threeArms(60_000, 50_000), recovered, Set.of("topk"), Duration.ofMinutes(10));
        assertThat(recencyBetter.decision()).isEqualTo(Decision.Winner);
        assertThat(recencyBetter.winner()).isEqualTo("recency");
        assertThat(recencyBetter.arms().get(1).outcome()).isEqualTo(ArmOutcome.Stopped);
    }

    @Test
    void everyNonControlArmStoppedEndsInconclusiveAtOnceButNotBeforeASampleRatioMismatch() {
        var counts = threeArms(50_000, 40_000);
        var all = RULE.decide("control", THREE, counts, holding("topk", "recency"), Set.of("topk", "recency"), Duration.ofMinutes(1));
        assertThat(all.decision()).isEqualTo(Decision.Inconclusive);
        assertThat(all.reason()).isEqualTo(ExperimentRule.ALL_ARMS_STOPPED);
        assertThat(all.winner()).isNull();
        assertThat(all.arms()).extracting(ExperimentRule.ArmResult::outcome)
                .containsExactly(ArmOutcome.Control, ArmOutcome.Stopped, ArmOutcome.Stopped);
        // a stopped arm without data does not hold the others up, and all stopped ends even without data
        var noLookups = List.of(new TenantCounts("a", "control", 400, 1000), new TenantCounts("b", "topk", 0, 0),
                new TenantCounts("c", "recency", 400, 1000));
        assertThat(RULE.decide("control", THREE, noLookups, holding("recency"), Set.of("topk"), Duration.ofMinutes(1)).reason())
                .isNotEqualTo("NoData");
        // one stopped arm among two: the experiment goes on
        var one = RULE.decide("control", THREE, List.of(new TenantCounts("a", "control", 400, 1000), new TenantCounts("b", "topk", 500, 1000),
                new TenantCounts("c", "recency", 420, 1000)), holding("topk", "recency"), Set.of("recency"), Duration.ofMinutes(1));
        assertThat(one.decision()).isEqualTo(Decision.Running);
        // lookups far from the allocation: Invalid comes first
        var skewed = List.of(new TenantCounts("a", "control", 40_000, 100_000), new TenantCounts("b", "topk", 5_000, 10_000),
                new TenantCounts("c", "recency", 40_000, 100_000));
        assertThat(RULE.decide("control", THREE, skewed, holding("topk", "recency"), Set.of("topk", "recency"), Duration.ofMinutes(1))
                .decision()).isEqualTo(Decision.Invalid);
    }

    @Test
    void theHitRatioIsARatioOfSumsNotAMeanOfTenantRatios() {
        var counts = List.of(new TenantCounts("big", "topk", 900, 1000), new TenantCounts("small", "topk", 0, 10));
        ArmSample s = ArmSample.of("topk", counts);
        assertThat(s.hitRatio()).isEqualTo(900.0 / 1010);
        assertThat(s.tenants()).isEqualTo(2);
        assertThat(ArmSample.of("none", counts).hitRatio()).isNaN();
    }

    @Test
    void theMinimumDurationHoldsADecisionBack() {
        var rule = new ExperimentRule(0.02, 0.05, 0, Duration.ofHours(1), Duration.ofHours(2));
        var counts = List.of(new TenantCounts("a", "control", 40_000, 100_000), new TenantCounts("b", "topk", 50_000, 100_000));
        assertThat(rule.decide("control", FIFTY_FIFTY, counts, holding("topk"), Duration.ofMinutes(59)).reason())
                .isEqualTo("MinimumDuration");
        var v = rule.decide("control", FIFTY_FIFTY, counts, holding("topk"), Duration.ofHours(1));
        assertThat(v.decision()).isEqualTo(Decision.Winner);
        assertThat(v.message()).contains("10.00 points");
    }
}
