package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The status aggregator of MeteringRotation: its conditions from the planned status (drift, late windows). */
public final class MeteringRotationStatusAggregator {

    public static final String DRIFT_DETECTED = "DriftDetected";
    public static final String EXPORT_LATE = "ExportLate";
    /** The spec field naming the Prometheus the drift check queries. */
    public static final String FIELD = "spec.prometheus.address";

    private MeteringRotationStatusAggregator() {
    }

    public static MeteringRotationStatus build(MeteringRotation mr, MeteringRotationStatus next, AlertRules alertRules, Clock clock) {
        return build(mr, next, PrometheusReachability.of(null, FIELD, List.of(), false), Optional.empty(), alertRules, clock);
    }

    /** With whether spec.prometheus answered this reconciliation's drift queries (kept as it was when none was made). */
    public static MeteringRotationStatus build(MeteringRotation mr, MeteringRotationStatus next, PrometheusReachability prometheus,
            Optional<ExportDestination> destination, AlertRules alertRules, Clock clock) {
        var conditions = StatusAggregation.conditions(mr, mr.getStatus(), clock);
        destination.ifPresent(d -> d.setOn(conditions));
        prometheus.setOn(conditions, mr.getStatus() == null ? List.of() : mr.getStatus().getConditions());
        double threshold = mr.getSpec().drift().threshold();
        String limit = MeteringPlanner.percent(threshold);
        List<Variance> drifting = next.getVariances().stream().filter(v -> v.verdict() == VarianceVerdict.Drift).toList();
        conditions.set(DRIFT_DETECTED, !drifting.isEmpty(), drifting.isEmpty() ? "WithinThreshold" : "VarianceAboveThreshold",
                drifting.isEmpty() ? "Every tenant's latest exported window is within " + limit + " of metering."
                        : String.join("; ", drifting.stream().map(v -> "tenant " + v.tenant() + " window " + v.window() + ": exported "
                                + v.exported() + ", metered " + v.metered() + " (" + MeteringPlanner.percent(v.variance()) + ")").toList())
                                + " exceeds " + limit + ". Reconcile the usage store with metering before invoicing.");
        var late = next.getLateWindows();
        conditions.set(EXPORT_LATE, !late.isEmpty(), late.isEmpty() ? "OnTime" : "WindowsLate",
                late.isEmpty() ? "Every window past its grace period has been exported." : late.size()
                        + " window(s) past the grace period without an export, oldest " + late.get(0).window()
                        + "; the next export run backfills them (kubectl create job --from=cronjob/" + ExportCronJobDependent.name(mr) + " NAME).");
        return StatusAggregation.complete(mr, next, conditions, alertRules);
    }
}
