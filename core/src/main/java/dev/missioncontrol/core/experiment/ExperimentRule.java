package dev.missioncontrol.core.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decision rule of a cache-warming experiment, applied every interval to the counts since the start. Pure: the
 * same counts give the same verdict.
 *
 * <ol>
 * <li>No data is never a decision: while an arm has no lookups the experiment keeps running (and is Inconclusive
 * once the maximum duration is reached).</li>
 * <li>The sample ratio (lookups per arm) is tested against the allocation (chi-square); p &lt; 0.001 ends the
 * experiment as Invalid.</li>
 * <li>An arm whose guardrail is breached is stopped, for the rest of the experiment: it stays Stopped at every later
 * look (the caller passes the arms stopped before, from where it recorded them), even once its guardrail holds again,
 * and it can never win. The decision among the remaining arms goes on; when every non-control arm is stopped nothing
 * is left to compare and the experiment ends at once Inconclusive with reason AllArmsStopped (a guardrail stop is not
 * evidence about the hit ratio: neither a winner nor NoDifference).</li>
 * <li>Every other arm with the minimum sample gets an always-valid interval ({@link ConfidenceSequence}) on its
 * difference from control, at alpha divided by the number of non-control arms (Bonferroni), so the chance of any
 * false winner stays within alpha however many arms and however many looks.</li>
 * <li>From the minimum duration on: an arm whose interval lies entirely above +margin, with both guardrails holding,
 * wins (the highest lower bound among several); when no arm can win any more (every interval below +margin, or the
 * arm stopped) there is no difference worth having; at the maximum duration an undecided experiment is
 * Inconclusive.</li>
 * </ol>
 *
 * @param margin the practical margin, a difference in hit ratio (0.02 is two percentage points)
 * @param alpha the error rate for the whole experiment (false winners over all arms and looks)
 * @param minSamplePerArm lookups an arm (and the control) needs before its interval counts
 * @param minDuration no decision before this much time has passed
 * @param maxDuration the experiment ends Inconclusive when it is reached undecided
 */
public record ExperimentRule(double margin, double alpha, long minSamplePerArm, Duration minDuration, Duration maxDuration) {

    public ExperimentRule {
        if (!(margin > 0 && margin < 1) || !(alpha > 0 && alpha < 1) || minSamplePerArm < 0
                || minDuration.compareTo(maxDuration) > 0) {
            throw new IllegalArgumentException("margin and alpha in (0,1), minSamplePerArm >= 0, minDuration <= maxDuration");
        }
    }

    /** The experiment's state after a look. */
    public enum Decision {
        /** Still collecting: nothing decided yet. */
        Running,
        /** An arm is better than control by more than the margin, its guardrails holding. */
        Winner,
        /** No arm is better than control by the margin. */
        NoDifference,
        /** The maximum duration was reached undecided. */
        Inconclusive,
        /** The sample ratio does not match the allocation: the comparison cannot be trusted. */
        Invalid;

        public boolean terminal() {
            return this != Running;
        }
    }

    /** One arm's state after a look. */
    public enum ArmOutcome {
        /** The control: the baseline every other arm is compared with. */
        Control,
        /** Below the minimum sample (or the control is). */
        Collecting,
        /** The interval straddles +margin: more data needed. */
        Undecided,
        /** The interval lies above +margin. */
        Better,
        /** The interval lies inside (-margin, +margin). */
        Equivalent,
        /** The interval lies below +margin but reaches below -margin: not better, possibly worse. */
        NotBetter,
        /** A guardrail was breached: the arm was stopped. */
        Stopped
    }

    /**
     * @param sample the arm's counts, ratio and variance
     * @param difference hit ratio minus the control's, NaN without data
     * @param interval the always-valid interval on the difference (unbounded for the control and without data)
     * @param outcome the arm's state
     * @param guardrail its guardrails (null for the control)
     */
    public record ArmResult(ArmSample sample, boolean control, double difference, ConfidenceSequence.Interval interval,
            ArmOutcome outcome, Guardrail guardrail) {

        public String arm() {
            return sample.arm();
        }
    }

    /**
     * What a look found.
     *
     * @param decision the experiment's state
     * @param winner the winning arm, only with Winner
     * @param reason a CamelCase word for the decision's cause
     * @param message what happened and what to do, for a person
     * @param arms every arm, control first, in the allocation's order otherwise
     * @param sampleRatio the sample-ratio test, null while no arm has data
     * @param armAlpha the error rate each non-control arm's interval is computed at
     */
    public record Verdict(Decision decision, String winner, String reason, String message, List<ArmResult> arms,
            SampleRatioTest.Result sampleRatio, double armAlpha) {
    }

    /** The reason of the end when every non-control arm was stopped by a guardrail. */
    public static final String ALL_ARMS_STOPPED = "AllArmsStopped";

    /** A look with no arm stopped before. */
    public Verdict decide(String controlArm, Map<String, Integer> weights, List<TenantCounts> counts,
            Map<String, Guardrail> guardrails, Duration elapsed) {
        return decide(controlArm, weights, counts, guardrails, Set.of(), elapsed);
    }

    /**
     * @param controlArm the control's name (a key of weights)
     * @param weights the allocation: weight per arm, in the order the spec lists arms
     * @param counts every tenant's counts since the start, with its recorded arm
     * @param guardrails the guardrails per non-control arm (an arm missing here has unknown guardrails)
     * @param stoppedBefore the arms a guardrail stopped at an earlier look: Stopped whatever their guardrails are now
     * @param elapsed time since the experiment started
     */
    public Verdict decide(String controlArm, Map<String, Integer> weights, List<TenantCounts> counts,
            Map<String, Guardrail> guardrails, Set<String> stoppedBefore, Duration elapsed) {
        if (!weights.containsKey(controlArm)) {
            throw new IllegalArgumentException("the control " + controlArm + " has no weight");
        }
        int treatments = (int) weights.entrySet().stream().filter(e -> !e.getKey().equals(controlArm)).count();
        double armAlpha = alpha / Math.max(1, treatments);
        ArmSample control = ArmSample.of(controlArm, counts);
        Map<String, ArmSample> samples = new LinkedHashMap<>();
        for (String arm : weights.keySet()) {
            samples.put(arm, arm.equals(controlArm) ? control : ArmSample.of(arm, counts));
        }
        boolean maxReached = elapsed.compareTo(maxDuration) >= 0;
        boolean minReached = elapsed.compareTo(minDuration) >= 0;

        List<ArmResult> results = new ArrayList<>();
        results.add(new ArmResult(control, true, 0.0, ConfidenceSequence.Interval.UNBOUNDED, ArmOutcome.Control, null));
        for (ArmSample s : samples.values()) {
            if (s.arm().equals(controlArm)) {
                continue;
            }
            Guardrail g = guardrails.get(s.arm());
            double diff = s.hasData() && control.hasData() ? s.hitRatio() - control.hitRatio() : Double.NaN;
            var interval = ConfidenceSequence.normalMixture(diff, s.variance() + control.variance(), armAlpha, margin);
            ArmOutcome outcome;
            if (stoppedBefore.contains(s.arm()) || (g != null && g.breached())) {
                outcome = ArmOutcome.Stopped;
            } else if (s.lookups() < Math.max(1, minSamplePerArm) || control.lookups() < Math.max(1, minSamplePerArm)) {
                outcome = ArmOutcome.Collecting;
            } else if (interval.lower() > margin) {
                outcome = ArmOutcome.Better;
            } else if (interval.lower() > -margin && interval.upper() < margin) {
                outcome = ArmOutcome.Equivalent;
            } else if (interval.upper() < margin) {
                outcome = ArmOutcome.NotBetter;
            } else {
                outcome = ArmOutcome.Undecided;
            }
            results.add(new ArmResult(s, false, diff, interval, outcome, g));
        }

        Map<String, Long> lookups = new LinkedHashMap<>();
        samples.forEach((arm, s) -> lookups.put(arm, s.lookups()));
        boolean anyData = lookups.values().stream().anyMatch(n -> n > 0);
        SampleRatioTest.Result srm = anyData ? SampleRatioTest.test(counts, weights) : null;

        List<String> stopped = results.stream().filter(r -> r.outcome() == ArmOutcome.Stopped).map(ArmResult::arm).toList();
        // a stopped arm can no longer win: whether it has data does not hold the experiment up
        List<String> noData = samples.values().stream().filter(s -> !s.hasData() && weights.get(s.arm()) > 0)
                .map(ArmSample::arm).filter(a -> !stopped.contains(a)).toList();
        if (srm != null && srm.mismatch()) {
            return new Verdict(Decision.Invalid, null, "SampleRatioMismatch", String.format(Locale.ROOT,
                    "the lookups per arm %s do not match the allocation %s (chi-square %.1f over a tenant dispersion of %.1f, p = %.2g < %s): tenants are not "
                            + "reaching the arms they were assigned, or an arm's metrics are missing; fix that and start a new experiment",
                    lookups, weights, srm.chiSquare(), srm.dispersion(), srm.pValue(), SampleRatioTest.INVALID_BELOW_P), results, srm, armAlpha);
        }
        if (!stopped.isEmpty() && stopped.size() == treatments) {
            return new Verdict(Decision.Inconclusive, null, ALL_ARMS_STOPPED, "every arm but the control was stopped by a guardrail "
                    + stopped + ": nothing is left to compare with control, so the experiment ends without a decision on the hit "
                    + "ratio; fix the warmers (see each arm's stoppedBecause) and start a new experiment", results, srm, armAlpha);
        }
        if (!noData.isEmpty()) {
            if (maxReached) {
                return new Verdict(Decision.Inconclusive, null, "NoData", "the maximum duration was reached and arms " + noData
                        + " never had a lookup: check the metric queries and that their tenants send traffic", results, srm, armAlpha);
            }
            return new Verdict(Decision.Running, null, "NoData", "waiting for lookups in arms " + noData
                    + " (no data is never a decision)", results, srm, armAlpha);
        }
        if (!minReached && !maxReached) {
            return new Verdict(Decision.Running, null, "MinimumDuration", "collecting until the minimum duration "
                    + minDuration + " has passed", results, srm, armAlpha);
        }
        Optional<ArmResult> best = results.stream().filter(r -> r.outcome() == ArmOutcome.Better)
                .filter(r -> r.guardrail() != null && r.guardrail().holds())
                .max(Comparator.comparingDouble(r -> r.interval().lower()));
        if (best.isPresent()) {
            ArmResult w = best.get();
            return new Verdict(Decision.Winner, w.arm(), "Winner", String.format(Locale.ROOT,
                    "arm %s raises the hit ratio by %.2f points over control (always-valid %.0f %% interval %.2f to %.2f, margin "
                            + "%.2f), its guardrails holding", w.arm(), w.difference() * 100, (1 - armAlpha) * 100,
                    w.interval().lower() * 100, w.interval().upper() * 100, margin * 100), results, srm, armAlpha);
        }
        boolean noneCanWin = results.stream().filter(r -> !r.control()).allMatch(r -> r.outcome() == ArmOutcome.Equivalent
                || r.outcome() == ArmOutcome.NotBetter || r.outcome() == ArmOutcome.Stopped);
        if (noneCanWin) {
            return new Verdict(Decision.NoDifference, null, "NoDifference", String.format(Locale.ROOT,
                    "no arm raises the hit ratio by more than %.2f points over control: every interval lies below +margin "
                            + "or the arm was stopped by a guardrail", margin * 100)
                    + (stopped.isEmpty() ? "" : " (stopped: " + stopped + ")"), results, srm, armAlpha);
        }
        List<String> waiting = results.stream().filter(r -> r.outcome() == ArmOutcome.Better).map(ArmResult::arm).toList();
        if (maxReached) {
            return new Verdict(Decision.Inconclusive, null, "MaximumDuration", "the maximum duration " + maxDuration
                    + " was reached before the intervals decided" + (waiting.isEmpty() ? ""
                            : "; arms " + waiting + " were better but their guardrails were not known to hold"), results, srm, armAlpha);
        }
        if (!waiting.isEmpty()) {
            return new Verdict(Decision.Running, null, "GuardrailNoData", "arms " + waiting
                    + " are better than control, but a winner needs both guardrails measured and holding", results, srm, armAlpha);
        }
        return new Verdict(Decision.Running, null, "Collecting", "the intervals do not decide yet", results, srm, armAlpha);
    }
}
