package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.experiment.AssignmentDrift;
import dev.missioncontrol.core.experiment.ExperimentRule;
import dev.missioncontrol.core.experiment.ExperimentRule.Decision;
import dev.missioncontrol.core.experiment.FractionalAssignment;
import dev.missioncontrol.core.experiment.Guardrail;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus.ArmStatus;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus.TenantArm;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.events.PlannedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a CacheWarmExperiment does at a look. No I/O: measuring is a function called only when a measurement is due.
 *
 * <ul>
 * <li>First look: the assignment flagd's fractional rule gives is recorded with the bucketing that produced it, and the
 * start time; nothing is measured yet.</li>
 * <li>Every later look, until a decision: the counts since the recorded start are measured (so a restarted operator
 * continues where it was: the start and the assignment come from status, the counts from Prometheus), the decision rule
 * applied, and the assignment checked: recomputed now, and as the search service served it (the arm label of its
 * series). Any tenant in another arm than recorded ends the experiment Invalid with reason AssignmentDrift.</li>
 * <li>An arm a guardrail breached is stopped for the rest of the experiment: status records when and why (the arm's
 * stoppedAt and stoppedBecause), every later look reads that back and keeps the arm Stopped even once its guardrails hold
 * again (a restarted operator too), and its warmer stays suspended (WarmerCronJobDependent). GuardrailBreached is
 * recorded once, at the look that stops it.</li>
 * <li>A decision is final: no more measuring, and the verdict to sign is returned once.</li>
 * </ul>
 */
public final class ExperimentPlanner {

    private ExperimentPlanner() {
    }

    /**
     * The next state.
     *
     * @param status the next status (without conditions)
     * @param reason why the experiment is where it is, a CamelCase word
     * @param message what happened and what to do
     * @param decided the verdict reached at this look, to sign; null unless the decision was reached now
     * @param queryFailed Prometheus could not be read at this look
     */
    public record Plan(CacheWarmExperimentStatus status, String reason, String message, ExperimentRule.Verdict decided,
            boolean queryFailed) {
    }

    public static ExperimentRule rule(CacheWarmExperimentSpec spec) {
        return new ExperimentRule(spec.margin(), spec.alpha(), spec.minSamplePerArm(), spec.minDuration(), spec.maxDuration());
    }

    public static dev.missioncontrol.operator.status.Decision<Plan> plan(CacheWarmExperiment experiment, Instant now,
            Function<Map<String, String>, ExperimentMeasurement> measure) {
        var spec = experiment.getSpec();
        var previous = experiment.getStatus();
        String flagKey = ExperimentFlags.flagKey(experiment);
        if (previous == null || previous.getAssignment() == null || previous.getAssignment().isEmpty() || previous.getStartedAt() == null) {
            return start(experiment, flagKey, now);
        }
        var next = copy(previous);
        if (previous.getDecision() != null && previous.getDecision() != ExperimentDecision.Running) {
            return dev.missioncontrol.operator.status.Decision.of(new Plan(next, previous.getDecision().name(),
                    "decided: " + previous.getDecision() + (previous.getWinner() == null ? "" : " (" + previous.getWinner() + ")"), null, false),
                    List.of(), null);
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        previous.getAssignment().forEach(a -> recorded.put(a.tenant(), a.arm()));
        var m = measure.apply(recorded);
        if (m.error() != null) {
            return dev.missioncontrol.operator.status.Decision.of(new Plan(next, "QueryError", "Prometheus at "
                    + spec.getPrometheus().getAddress() + " could not be read: " + m.error() + "; measuring again in " + spec.interval(),
                    null, true), List.of(), spec.interval());
        }
        // the sample ratio is checked against the split of tenants the hashing actually gave (with few tenants a 50/50
        // allocation may well give 5 and 3): lookups far from it mean tenants are not reaching their arms or metrics are missing
        Map<String, Integer> split = new LinkedHashMap<>();
        spec.getArms().forEach(a -> split.put(a.getName(), 0));
        recorded.values().forEach(a -> split.merge(a, 1, Integer::sum));
        String control = ExperimentFlags.control(spec.getArms());
        Map<String, Guardrail> guardrails = new LinkedHashMap<>();
        Double controlP95 = m.p95SecondsByArm().get(control);
        for (var arm : spec.getArms()) {
            if (!arm.control()) {
                guardrails.put(arm.getName(), new Guardrail(arm.getName(), m.p95SecondsByArm().get(arm.getName()), controlP95,
                        spec.guardrails().latencyMargin(), m.warmerQueriesByArm().get(arm.getName()), arm.warmer().queryBudgetPerHour()));
            }
        }
        Duration elapsed = Duration.between(Instant.parse(previous.getStartedAt()), now);
        var rule = rule(spec);
        Map<String, ArmStatus> stoppedBefore = stopped(previous);
        var verdict = rule.decide(control, split, m.counts(), guardrails, stoppedBefore.keySet(), elapsed);

        // the assignment, recomputed now and as served: any tenant elsewhere than recorded ends the experiment
        Map<String, String> evaluatedNow = ExperimentFlags.assignment(flagKey, spec.getTenants(), spec.getArms());
        List<AssignmentDrift.Moved> moved = new ArrayList<>(AssignmentDrift.check(recorded, evaluatedNow));
        Map<String, String> served = new LinkedHashMap<>(m.servedArms());
        served.keySet().retainAll(recorded.keySet()); // series of tenants outside the experiment are not its business
        for (var x : AssignmentDrift.check(recorded, served)) {
            if (moved.stream().noneMatch(y -> y.tenant().equals(x.tenant()))) {
                moved.add(x);
            }
        }
        if (!moved.isEmpty()) {
            verdict = new ExperimentRule.Verdict(Decision.Invalid, null, "AssignmentDrift", AssignmentDrift.message(moved), verdict.arms(),
                    verdict.sampleRatio(), verdict.armAlpha());
        }

        next.setMeasuredAt(now.toString());
        next.setArmAlpha(verdict.armAlpha());
        next.setArms(arms(verdict, recorded, stoppedBefore, now));
        if (verdict.sampleRatio() != null) {
            next.setSampleRatio(new CacheWarmExperimentStatus.SampleRatio(round(verdict.sampleRatio().chiSquare()),
                    round(verdict.sampleRatio().dispersion()), verdict.sampleRatio().pValue(), verdict.sampleRatio().degreesOfFreedom()));
        }
        next.setDecision(ExperimentDecision.valueOf(verdict.decision().name()));
        next.setWinner(verdict.winner());
        List<PlannedEvent> events = new ArrayList<>();
        for (var a : verdict.arms()) {
            if (a.outcome() == ExperimentRule.ArmOutcome.Stopped && !stoppedBefore.containsKey(a.arm())) {
                events.add(new PlannedEvent(true, "GuardrailBreached", "arm " + a.arm() + " stopped: " + a.guardrail().breachMessage(),
                        a.arm(), 1));
            }
        }
        if (!verdict.decision().terminal()) {
            return dev.missioncontrol.operator.status.Decision.of(new Plan(next, verdict.reason(), verdict.message(), null, false), events,
                    spec.interval());
        }
        next.setDecidedAt(now.toString());
        // recorded with the decision: the verdict is signed from status once this status is written (VerdictSigning)
        next.setDecisionInputs(new CacheWarmExperimentStatus.DecisionInputs(
                dev.missioncontrol.core.audit.CanonicalJson.sha256(dev.missioncontrol.core.audit.CanonicalJson.MAPPER.valueToTree(spec)),
                rule.margin(), rule.alpha(), rule.minSamplePerArm(), rule.minDuration().toString(), rule.maxDuration().toString(),
                verdict.reason(), verdict.message()));
        boolean bad = verdict.decision() == Decision.Invalid;
        events.add(new PlannedEvent(bad, "Experiment" + verdict.decision().name(), verdict.message()));
        return dev.missioncontrol.operator.status.Decision.of(new Plan(next, verdict.reason(), verdict.message(), verdict, false), events,
                null);
    }

    /**
     * A tenant of this experiment is held by another that came first ({@link TenantConflicts}): nothing is assigned or
     * measured (the status stays as it was, empty before the start) and the reconciler starts no flags and no warmers;
     * it looks again every interval, since the other experiment's decision or deletion is not an event of this one.
     */
    public static dev.missioncontrol.operator.status.Decision<Plan> blocked(CacheWarmExperiment experiment, TenantConflicts.Conflict conflict) {
        var previous = experiment.getStatus();
        var next = previous == null ? new CacheWarmExperimentStatus() : copy(previous);
        String message = conflict.message();
        return dev.missioncontrol.operator.status.Decision.of(new Plan(next, TenantConflicts.REASON, message, null, false),
                List.of(new PlannedEvent(true, TenantConflicts.REASON, message)), experiment.getSpec().interval());
    }

    private static dev.missioncontrol.operator.status.Decision<Plan> start(CacheWarmExperiment experiment, String flagKey, Instant now) {
        var spec = experiment.getSpec();
        Map<String, String> assignment = ExperimentFlags.assignment(flagKey, spec.getTenants(), spec.getArms());
        var next = new CacheWarmExperimentStatus();
        next.setFlagKey(flagKey);
        next.setStartedAt(now.toString());
        next.setDecision(ExperimentDecision.Running);
        next.setHashing(new CacheWarmExperimentStatus.Hashing(FractionalAssignment.EVALUATOR, FractionalAssignment.EVALUATOR_VERSION,
                FractionalAssignment.HASHING));
        List<TenantArm> recorded = new ArrayList<>();
        assignment.forEach((t, a) -> recorded.add(new TenantArm(t, a)));
        next.setAssignment(recorded);
        Map<String, Long> perArm = new LinkedHashMap<>();
        spec.getArms().forEach(a -> perArm.put(a.getName(), 0L));
        assignment.values().forEach(a -> perArm.merge(a, 1L, Long::sum));
        String message = "assigned " + assignment.size() + " tenants through flagd's fractional rule on " + flagKey + ": " + perArm
                + "; measuring every " + spec.interval();
        List<PlannedEvent> events = new ArrayList<>(List.of(PlannedEvent.normal("ExperimentStarted", message)));
        perArm.forEach((arm, n) -> {
            if (n == 0 && spec.getArms().stream().anyMatch(a -> a.getName().equals(arm) && a.getWeight() > 0)) {
                events.add(new PlannedEvent(true, "ArmWithoutTenants", "the fractional rule gave arm " + arm
                        + " no tenant: it will never have data and the experiment can only end Inconclusive; use more tenants"));
            }
        });
        return dev.missioncontrol.operator.status.Decision.of(new Plan(next, "Started", message, null, false), events, spec.interval());
    }

    /** The arms status records as stopped by a guardrail, by name. */
    public static Map<String, ArmStatus> stopped(CacheWarmExperimentStatus status) {
        Map<String, ArmStatus> out = new LinkedHashMap<>();
        if (status != null && status.getArms() != null) {
            status.getArms().stream().filter(ArmStatus::stopped).forEach(a -> out.put(a.name(), a));
        }
        return out;
    }

    private static List<ArmStatus> arms(ExperimentRule.Verdict verdict, Map<String, String> recorded, Map<String, ArmStatus> stoppedBefore,
            Instant now) {
        List<ArmStatus> out = new ArrayList<>();
        for (var a : verdict.arms()) {
            var g = a.guardrail();
            int tenants = (int) recorded.values().stream().filter(a.arm()::equals).count();
            // when and why as recorded at the look that stopped it; a newly stopped arm now, with this look's values
            var before = stoppedBefore.get(a.arm());
            String stoppedAt = before != null ? before.stoppedAt()
                    : a.outcome() == ExperimentRule.ArmOutcome.Stopped ? now.toString() : null;
            String because = before != null ? before.stoppedBecause()
                    : a.outcome() == ExperimentRule.ArmOutcome.Stopped && g != null ? g.breachMessage() : null;
            out.add(new ArmStatus(a.arm(), a.control(), tenants, a.sample().hits(), a.sample().lookups(), finite(a.sample().hitRatio()),
                    a.control() ? null : finite(a.difference()), a.control() ? null : finite(a.interval().lower()),
                    a.control() ? null : finite(a.interval().upper()), a.outcome().name(), g == null ? null : g.p95Seconds(),
                    g == null ? null : g.latency().name(), g == null ? null : g.warmerQueriesPerHour(), g == null ? null : g.queryBudget().name(),
                    because, stoppedAt));
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    /** Six decimals: enough for a hit ratio, and the same figures do not rewrite status for noise in the last bits. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static CacheWarmExperimentStatus copy(CacheWarmExperimentStatus s) {
        var n = new CacheWarmExperimentStatus();
        n.setDecision(s.getDecision());
        n.setWinner(s.getWinner());
        n.setStartedAt(s.getStartedAt());
        n.setDecidedAt(s.getDecidedAt());
        n.setMeasuredAt(s.getMeasuredAt());
        n.setFlagKey(s.getFlagKey());
        n.setAssignment(s.getAssignment());
        n.setHashing(s.getHashing());
        n.setArms(s.getArms());
        n.setArmAlpha(s.getArmAlpha());
        n.setSampleRatio(s.getSampleRatio());
        n.setDecisionInputs(s.getDecisionInputs());
        n.setVerdict(s.getVerdict());
        n.setPromoted(s.getPromoted());
        return n;
    }
}
