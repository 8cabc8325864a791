package dev.missioncontrol.operator.federation.rollout;

import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The staged rollout as a pure state machine: from the spec, the previous status, the manual controls,
 * the phase of the cohort named in spec.after, the time, and (when one is due) a fresh analysis, it
 * decides the next state, the Events to record and when to look again. No I/O: the analysis is a
 * function the planner calls only when one is due.
 */
public final class RolloutPlanner {

    private final FederationCohort cohort;
    private final ManualControls controls;
    private final Optional<RolloutPhase> afterPhase;
    private final Instant now;
    private final RolloutState s;
    private final List<RolloutSteps.Step> steps;
    private final List<PlannedEvent> events = new ArrayList<>();
    private Duration requeue;

    private RolloutPlanner(FederationCohort cohort, ManualControls controls, Optional<RolloutPhase> afterPhase, Instant now) {
        this.cohort = cohort;
        this.controls = controls;
        this.afterPhase = afterPhase;
        this.now = now;
        this.s = RolloutState.from(cohort.getStatus());
        this.steps = RolloutSteps.of(cohort.getSpec());
    }

    /**
     * @param afterPhase phase of the cohort named in spec.after; empty when it does not exist (or none is named)
     * @param analysis   measures the gates for the given enabled tenants; called only when an analysis is due
     */
    public static Decision<RolloutState> plan(FederationCohort cohort, ManualControls controls, Optional<RolloutPhase> afterPhase,
            Instant now, Function<List<String>, List<GateStatus>> analysis) {
        var planner = new RolloutPlanner(cohort, controls, afterPhase, now);
        planner.run(analysis);
        return Decision.of(planner.s, planner.events, planner.requeue);
    }

    public static int stepCount(FederationCohort cohort) {
        return RolloutSteps.of(cohort.getSpec()).size();
    }

    private void run(Function<List<String>, List<GateStatus>> analysis) {
        List<String> tenants = cohort.getSpec().getTenants();
        // Tenants removed from the spec are never served, whatever the phase.
        s.enabledTenants.retainAll(tenants);

        // A retry set while abort is still present waits (unconsumed, status says so) and acts once abort is removed.
        if (controls.retry() != null && !controls.retry().equals(s.handledRetry) && !controls.retryWaitsForAbortRemoval(s.handledRetry)) {
            s.handledRetry = controls.retry();
            if (s.phase == RolloutPhase.FallenBack || s.phase == RolloutPhase.Aborted) {
                String from = s.describe();
                s.phase = null;
                s.failedChecks = 0;
                s.gates.clear();
                s.enabledTenants.clear();
                s.stepPassedAt = null;
                s.lastAnalysisTime = null;
                s.record(now, from, "RetryRequested", "rollout restarted from step 1 by " + ManualControls.RETRY + "=" + controls.retry());
                events.add(PlannedEvent.normal("RetryRequested", "Rollout restarts from step 1."));
            }
        }
        if (controls.abort()) {
            if (s.phase != RolloutPhase.Aborted) {
                fallBack(RolloutPhase.Aborted, "ManualAbort", "aborted by annotation " + ManualControls.ABORT
                        + "=true: every tenant is served in single-index mode");
            }
            return;
        }
        if (s.phase == RolloutPhase.FallenBack || s.phase == RolloutPhase.Aborted) {
            return; // terminal until a retry
        }
        if (cohort.getSpec().getRollout() == null) {
            promote("NoRolloutDefined", "no spec.rollout: every tenant is enabled at once");
            return;
        }
        if (s.phase == RolloutPhase.Promoted) {
            // Tenants added to a promoted cohort are enabled at once; the cohort has already passed its gates.
            addMissing(tenants, tenants.size());
            return;
        }
        if (controls.promote()) {
            promote("ManualPromotion", "promoted by annotation " + ManualControls.PROMOTE + "=true, skipping the remaining steps");
            return;
        }
        if (s.phase == null || s.phase == RolloutPhase.Pending) {
            String after = cohort.getSpec().getAfter();
            if (after != null && afterPhase.filter(p -> p == RolloutPhase.Promoted).isEmpty()) {
                if (s.phase != RolloutPhase.Pending) {
                    String from = s.describe();
                    s.phase = RolloutPhase.Pending;
                    s.record(now, from, "WaitingForCohort", waitingMessage(after));
                }
                return; // the watch on FederationCohorts wakes this cohort when the other one changes
            }
            startStep(0, "RolloutStarted", after == null ? "rollout started" : "FederationCohort " + after + " is Promoted; rollout started");
        }
        if (controls.pause()) {
            if (s.phase != RolloutPhase.Paused) {
                String from = s.describe();
                s.phase = RolloutPhase.Paused;
                s.record(now, from, "ManualPause", "paused by annotation " + ManualControls.PAUSE + "=true");
                events.add(PlannedEvent.normal("RolloutPaused", "Rollout paused at step " + (s.currentStep + 1) + "."));
            }
            return;
        }
        if (s.phase == RolloutPhase.Paused) {
            String from = s.describe();
            s.phase = RolloutPhase.Progressing;
            s.record(now, from, "Resumed", "annotation " + ManualControls.PAUSE + " removed");
            events.add(PlannedEvent.normal("RolloutResumed", "Rollout resumed at step " + (s.currentStep + 1) + "."));
        }
        progress(analysis);
    }

    private void progress(Function<List<String>, List<GateStatus>> analysis) {
        List<String> tenants = cohort.getSpec().getTenants();
        s.currentStep = Math.min(s.currentStep, steps.size() - 1);
        addMissing(tenants, steps.get(s.currentStep).tenants());
        AnalysisSpec spec = cohort.getSpec().getRollout().getAnalysis();
        Duration interval = spec.interval();

        if (s.stepPassedAt == null) {
            Instant due = later(s.lastAnalysisTime, s.stepStartedAt).plus(interval);
            if (now.isBefore(due)) {
                requeue = Duration.between(now, due);
                return;
            }
            List<GateStatus> previous = s.gates();
            s.gates = new ArrayList<>(analysis.apply(s.enabledTenants()));
            s.lastAnalysisTime = now;
            if (!judge(spec, previous)) {
                return; // fell back
            }
        }
        if (s.stepPassedAt != null) {
            Instant advanceAt = s.stepPassedAt.plus(steps.get(s.currentStep).pause());
            if (now.isBefore(advanceAt)) {
                requeue = Duration.between(now, advanceAt);
                return;
            }
            if (s.currentStep == steps.size() - 1) {
                promote("AnalysisPassed", "the last step's analysis passed: every tenant is enabled");
                return;
            }
            startStep(s.currentStep + 1, "StepAdvanced", "step " + (s.currentStep + 1) + " passed its gates");
            requeue = interval;
            return;
        }
        requeue = interval;
    }

    /** Applies an analysis; false when it made the cohort fall back. */
    private boolean judge(AnalysisSpec spec, List<GateStatus> previous) {
        List<GateStatus> failed = s.gates.stream().filter(g -> g.verdict() == GateVerdictType.Failed).toList();
        int limit = spec.failureLimit();
        if (!failed.isEmpty()) {
            s.failedChecks++;
            String what = failed.stream().map(g -> g.name() + " " + g.message()).collect(Collectors.joining("; "));
            if (s.failedChecks >= limit) {
                fallBack(RolloutPhase.FallenBack, "GateFailed", "fell back to single-index after " + s.failedChecks
                        + " consecutive failed analyses: " + what);
                return false;
            }
            events.add(PlannedEvent.warning("AnalysisFailed", "Analysis " + s.failedChecks + "/" + limit + " failed: " + what));
            return true;
        }
        boolean allPassed = s.gates.stream().allMatch(g -> g.verdict() == GateVerdictType.Passed);
        if (allPassed) {
            s.failedChecks = 0;
            s.stepPassedAt = now;
            events.add(PlannedEvent.normal("AnalysisPassed", "Step " + (s.currentStep + 1) + " passed: "
                    + s.gates.stream().map(GateStatus::message).collect(Collectors.joining("; "))));
            return true;
        }
        // Inconclusive: neither a pass nor a failure. Warn once when it starts, not every interval.
        Set<String> wasInconclusive = previous.stream().filter(g -> g.verdict() == GateVerdictType.Inconclusive)
                .map(GateStatus::name).collect(Collectors.toSet());
        List<GateStatus> inconclusive = s.gates.stream().filter(g -> g.verdict() == GateVerdictType.Inconclusive).toList();
        if (!inconclusive.stream().map(GateStatus::name).collect(Collectors.toSet()).equals(wasInconclusive)) {
            events.add(PlannedEvent.warning("AnalysisInconclusive", inconclusive.stream()
                    .map(g -> g.name() + ": " + g.message()).collect(Collectors.joining("; "))));
        }
        return true;
    }

    private void startStep(int step, String reason, String message) {
        String from = s.describe();
        s.phase = RolloutPhase.Progressing;
        s.currentStep = step;
        s.stepStartedAt = now;
        s.stepPassedAt = null;
        s.failedChecks = 0;
        addMissing(cohort.getSpec().getTenants(), steps.get(step).tenants());
        s.record(now, from, reason, message + "; " + s.enabledTenants.size() + "/" + cohort.getSpec().getTenants().size()
                + " tenants enabled");
        events.add(PlannedEvent.normal(reason, "Step " + (step + 1) + "/" + steps.size() + " started: tenants "
                + String.join(", ", s.enabledTenants) + " enabled."));
    }

    private void promote(String reason, String message) {
        addMissing(cohort.getSpec().getTenants(), cohort.getSpec().getTenants().size());
        if (s.phase == RolloutPhase.Promoted) {
            return;
        }
        String from = s.describe();
        s.phase = RolloutPhase.Promoted;
        s.stepPassedAt = null;
        s.currentStep = steps.size() - 1;
        s.record(now, from, reason, message);
        events.add(PlannedEvent.normal("Promoted", "Cohort promoted: " + message + "."));
    }

    private void fallBack(RolloutPhase phase, String reason, String message) {
        String from = s.describe();
        s.phase = phase;
        if (phase == RolloutPhase.FallenBack) {
            s.fallbackCount++;
        }
        s.enabledTenants.clear();
        s.stepPassedAt = null;
        s.record(now, from, reason, message);
        events.add(PlannedEvent.warning(phase == RolloutPhase.Aborted ? "RolloutAborted" : "FallbackActivated", message));
    }

    /** Keeps the tenants already enabled and adds the next ones in spec order up to count. */
    private void addMissing(List<String> tenants, int count) {
        Set<String> enabled = new LinkedHashSet<>(s.enabledTenants);
        for (String t : tenants) {
            if (enabled.size() >= count) {
                break;
            }
            enabled.add(t);
        }
        s.enabledTenants = new ArrayList<>(enabled);
    }

    private String waitingMessage(String after) {
        return "waiting for FederationCohort " + after + " to be Promoted ("
                + afterPhase.map(p -> "it is " + p).orElse("it does not exist yet") + ")";
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
