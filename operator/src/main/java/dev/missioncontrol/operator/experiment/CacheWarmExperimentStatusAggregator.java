package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import dev.missioncontrol.operator.analysis.PrometheusReachability;

/** The status aggregator of CacheWarmExperiment: the planner's figures, and Ready as the experiment stands. */
public final class CacheWarmExperimentStatusAggregator {

    private CacheWarmExperimentStatusAggregator() {
    }

    public static final String FIELD = "spec.prometheus.address";

    public static CacheWarmExperimentStatus build(CacheWarmExperiment experiment, ExperimentPlanner.Plan plan, AlertRules alertRules,
            Clock clock) {
        return build(experiment, plan, PrometheusReachability.of(experiment.getSpec().getPrometheus().getAddress(), FIELD, List.of(), false),
                alertRules, clock);
    }

    /** With the condition PrometheusReachable as this look's queries found it (kept as it was when nothing was queried). */
    public static CacheWarmExperimentStatus build(CacheWarmExperiment experiment, ExperimentPlanner.Plan plan, PrometheusReachability reachable,
            AlertRules alertRules, Clock clock) {
        var conditions = StatusAggregation.conditions(experiment, experiment.getStatus(), clock);
        reachable.setOn(conditions, experiment.getStatus() == null ? List.of() : experiment.getStatus().getConditions());
        return StatusAggregation.complete(experiment, plan.status(), conditions, alertRules, readiness(plan));
    }

    /**
     * Ready while the experiment runs as asked (measured every interval) and once it is decided with its verdict; not
     * Ready, Reconciling, while Prometheus cannot be read or an arm has no data yet; Stalled when Invalid (a sample-ratio
     * mismatch or an assignment drift): the comparison cannot be trusted and a person must start a new experiment.
     * Stalled too while a tenant is in another experiment that came first (TenantInAnotherExperiment): nothing runs until
     * that one is decided or deleted, and a person should know this one waits.
     */
    static Readiness readiness(ExperimentPlanner.Plan plan) {
        if (TenantConflicts.REASON.equals(plan.reason())) {
            return Readiness.stalled(plan.reason(), plan.message());
        }
        var decision = plan.status().getDecision();
        if (decision == ExperimentDecision.Invalid) {
            return Readiness.stalled(plan.reason(), plan.message());
        }
        if (plan.queryFailed() || "NoData".equals(plan.reason())) {
            return Readiness.reconciling(plan.reason(), plan.message());
        }
        return Readiness.ready(plan.reason(), plan.message());
    }
}
