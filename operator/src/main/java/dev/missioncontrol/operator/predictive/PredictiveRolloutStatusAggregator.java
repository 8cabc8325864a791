package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Progress;
import dev.missioncontrol.operator.status.ScheduleCondition;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The status aggregator of PredictiveRollout: the one place that decides its conditions from the planner's next status. */
public final class PredictiveRolloutStatusAggregator {

    public static final String PROGRESSING = "Progressing";
    /** A no-go decision's re-review date is still ahead. */
    public static final String RE_REVIEW_SCHEDULED = "ReReviewScheduled";

    private PredictiveRolloutStatusAggregator() {
    }

    /**
     * @param next the planner's next status (fields decided; conditions are set here)
     */
    public static PredictiveRolloutStatus build(PredictiveRollout rollout, PredictiveRolloutStatus next, AlertRules alertRules,
            Clock clock) {
        Instant now = clock.instant();
        next.setWaveProgress(Progress.oneBased(next.getCurrentWave(), next.getWaveCount()));
        var c = StatusAggregation.conditions(rollout, rollout.getStatus(), clock);
        var spec = rollout.getSpec();
        // Named in no-go too: the drill CronJob is created on a switch to go, and its schedule should fire then.
        if (spec.getRehearsal() != null) {
            ScheduleCondition.setOn(c, List.of(new ScheduleCondition.Field("spec.rehearsal.schedule", spec.getRehearsal().schedule())));
        }
        PredictivePhase phase = next.getPhase();
        if (phase == PredictivePhase.NoGo) {
            var r = RemediationTracker.at(spec.getRemediation(), now);
            c.set(PROGRESSING, false, "NoGo", "Decision no-go (memo " + spec.getDecisionMemo() + "): no tenant is enabled.");
            c.set("RemediationComplete", r.complete(), r.complete() ? "AllMilestonesDone" : "MilestonesOpen",
                    r.percentComplete() + " % of milestones done; re-review on " + next.getReReviewDate() + ".");
            boolean reReviewPassed = RemediationTracker.reReviewAt(spec.getRemediation().getReReviewDate())
                    .map(t -> !now.isBefore(t)).orElse(false);
            c.set(RE_REVIEW_SCHEDULED, !reReviewPassed, reReviewPassed ? "ReReviewDatePassed" : "ReReviewScheduled", reReviewPassed
                    ? "spec.remediation.reReviewDate (" + spec.getRemediation().getReReviewDate() + ") is in the past: hold the re-review and "
                            + "record its outcome in spec.decision, or set a new date."
                    : "Re-review on " + spec.getRemediation().getReReviewDate() + ".");
            c.set("MilestoneOverdue", !r.overdue().isEmpty(), r.overdue().isEmpty() ? "OnTrack" : "Overdue",
                    r.overdue().isEmpty() ? "No milestone is overdue." : "Overdue: " + String.join("; ", r.overdue().stream()
                            .map(o -> o.id() + " (" + o.title() + ", owner " + o.owner() + ", due " + o.due() + ")").toList()));
            return StatusAggregation.complete(rollout, next, c, alertRules, readiness(rollout, next));
        }
        goConditions(c, rollout, next, PredictivePlanner.drillFresh(spec, next.getLastSuccessfulDrill(), now));
        prometheus(rollout, next).setOn(c, rollout.getStatus() == null ? List.of() : rollout.getStatus().getConditions());
        return StatusAggregation.complete(rollout, next, c, alertRules, readiness(rollout, next));
    }

    /**
     * Ready: the decision is carried out. A go rollout is Ready once Completed (every wave passed its gates); until then
     * Reconciling, whatever wave it is at (a breached gate waits, then rolls the tenant back; the final wave waits for a
     * drill, which the drill CronJob runs): no state needs a person to move on. A no-go is Ready at once: nothing is to be
     * rolled out, and its remediation plan is tracked (RemediationComplete, MilestoneOverdue, ReReviewScheduled).
     */
    static Readiness readiness(PredictiveRollout rollout, PredictiveRolloutStatus next) {
        PredictivePhase phase = next.getPhase();
        if (phase == null) {
            return Readiness.reconciling("Pending", "The rollout has not started yet.");
        }
        int waves = rollout.getSpec().getWaves() == null ? 0 : rollout.getSpec().getWaves().size();
        String at = "wave " + (Optional.ofNullable(next.getCurrentWave()).orElse(0) + 1) + "/" + waves;
        return switch (phase) {
            case NoGo -> Readiness.ready("NoGoTracked", "Decision no-go: no tenant is enabled; the remediation plan is tracked"
                    + " (re-review on " + rollout.getSpec().getRemediation().getReReviewDate() + ").");
            case Completed -> Readiness.ready("Completed", "Every wave passed its gates; " + next.getEnabledTenants().size()
                    + " tenant(s) on.");
            case Progressing -> Readiness.reconciling("WaveAnalysis", "Analysing " + at + ".");
            case Paused -> Readiness.reconciling("GateBreached", "Paused at " + at + ": a gate is breached; a tenant still breached"
                    + " after " + rollout.getSpec().getAnalysis().breachLimitText() + " is rolled back.");
            case HeldForDrill -> Readiness.reconciling("HeldForDrill", "The final wave waits for a successful rollback drill"
                    + " (the drill CronJob runs one on its schedule; the " + PredictiveRolloutReconciler.REHEARSE
                    + " annotation runs one now).");
        };
    }

    /** Whether the gates' Prometheus answered, from this analysis's gates (the shared rule every querying kind follows). */
    public static PrometheusReachability prometheus(PredictiveRollout rollout, PredictiveRolloutStatus next) {
        var analysis = rollout.getSpec().getAnalysis();
        String field = "spec.analysis.prometheus.address";
        if (analysis == null || analysis.getPrometheus() == null) {
            return PrometheusReachability.of(null, field, List.of(), false);
        }
        return PrometheusReachability.of(analysis.getPrometheus().getAddress(), field, next.getGates().stream()
                .filter(g -> g.verdict() == GateVerdictType.Inconclusive).map(g -> g.message()).toList(), !next.getGates().isEmpty());
    }

    private static void goConditions(Conditions c, PredictiveRollout rollout, PredictiveRolloutStatus s, boolean drillFresh) {
        var spec = rollout.getSpec();
        PredictivePhase phase = s.getPhase();
        int waves = spec.getWaves().size();
        String at = "wave " + (Optional.ofNullable(s.getCurrentWave()).orElse(0) + 1) + "/" + waves + ", "
                + s.getEnabledTenants().size() + " tenant(s) on";
        switch (phase) {
            case Completed -> c.set(PROGRESSING, false, "Completed", "Every wave passed its gates: " + at + ".");
            case Paused -> c.set(PROGRESSING, true, "WavePaused", "Paused at " + at + ".");
            case HeldForDrill -> c.set(PROGRESSING, true, "HeldForDrill", "The final wave waits for a successful rollback drill; run one with: kubectl annotate predictiverollout "
                    + rollout.getMetadata().getName() + " " + PredictiveRolloutReconciler.REHEARSE + "=$(date +%s)");
            default -> c.set(PROGRESSING, true, "WaveAnalysis", "Analysing " + at + ".");
        }
        c.set("WavePaused", !s.getBreaches().isEmpty(), s.getBreaches().isEmpty() ? "NoBreach" : "GateBreached",
                s.getBreaches().isEmpty() ? "No gate is breached." : "Breached: " + PredictivePlanner.describe(s.getBreaches())
                        + "; a tenant still breached after " + spec.getAnalysis().breachLimitText() + " is rolled back.");
        int rollbacks = Optional.ofNullable(s.getRollbackCount()).orElse(0);
        c.set("RolledBack", rollbacks > 0, rollbacks > 0 ? "TenantsRolledBack" : "NoRollback", rollbacks == 0 ? "No tenant was rolled back."
                : rollbacks + " tenant(s) rolled back: " + String.join("; ", s.getRollbacks().stream().map(r -> r.message()).toList()));
        c.set("DrillCurrent", drillFresh, drillFresh ? "RecentDrillSucceeded" : s.getLastSuccessfulDrill() == null ? "NoSuccessfulDrill" : "DrillTooOld",
                s.getLastSuccessfulDrill() == null ? "No rollback drill has succeeded yet." : "Last successful drill completed at " + s.getLastSuccessfulDrill() + ".");
        boolean completed = phase == PredictivePhase.Completed;
        c.set("Completed", completed, completed ? "Completed" : "InProgress",
                completed ? "Rollout complete; " + rollbacks + " rollback(s)." : "Rollout in progress.");
    }
}
