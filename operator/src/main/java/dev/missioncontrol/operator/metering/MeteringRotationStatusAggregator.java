package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.status.ScheduleCondition;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The status aggregator of MeteringRotation: its conditions from the planned status (drift, late windows, receipts) and
 * from the spec (schedules that never fire, a since beyond the retention horizon).
 */
public final class MeteringRotationStatusAggregator {

    public static final String DRIFT_DETECTED = "DriftDetected";
    public static final String EXPORT_LATE = "ExportLate";
    /** The spec field naming the Prometheus the drift check queries. */
    public static final String FIELD = "spec.prometheus.address";
    public static final String RECEIPT_MISMATCH = "ReceiptMismatch";
    public static final String NO_USAGE_DATA = "NoUsageData";

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
        var spec = mr.getSpec();
        ScheduleCondition.setOn(conditions, Stream.of(
                        spec.getExport().getSchedule() == null ? null : new ScheduleCondition.Field("spec.export.schedule", spec.getExport().getSchedule()),
                        new ScheduleCondition.Field("spec.rotation.schedule", spec.rotation().schedule()))
                .filter(Objects::nonNull).toList());
        SinceRetention.of(mr, clock.instant()).setOn(conditions, clock.instant());
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
        // Late windows whose usage query returned no series: never signed as zero, so they need a person, not a rerun.
        List<String> empty = new ArrayList<>();
        for (LateWindow l : late) {
            next.getNoUsageData().stream().filter(n -> n.window().equals(l.window())).findFirst().ifPresent(n -> n.tenants().stream()
                    .filter(l.tenants()::contains).forEach(t -> empty.add(t + "@" + l.window())));
        }
        String lateMessage;
        if (late.isEmpty()) {
            lateMessage = "Every window past its grace period has been exported.";
        } else if (!empty.isEmpty()) {
            lateMessage = late.size() + " window(s) past the grace period without an export, oldest " + late.get(0).window()
                    + "; the usage query returned no series for " + String.join(", ", limit(empty, 10))
                    + ", and no data is never exported as zero: restore the usage data in Prometheus (the window is signed once a series"
                    + " exists), or, if the usage truly was zero, attest it with the annotations " + MeteringPlanner.ATTEST_ZERO
                    + "=\"<tenant>@<window>,...\" and " + MeteringPlanner.ATTESTED_BY + "=<your user name>"
                    + (MeteringPlanner.attester(mr).isEmpty() && !MeteringPlanner.attestedZero(mr).isEmpty()
                            ? " (" + MeteringPlanner.ATTEST_ZERO + " is set but " + MeteringPlanner.ATTESTED_BY
                                    + " is missing, so the attestation is not honoured)" : "") + ".";
        } else {
            lateMessage = late.size() + " window(s) past the grace period without an export, oldest " + late.get(0).window()
                    + "; the next export run delivers them (kubectl create job --from=cronjob/" + ExportCronJobDependent.name(mr) + " NAME).";
        }
        conditions.set(EXPORT_LATE, !late.isEmpty(), late.isEmpty() ? "OnTime" : !empty.isEmpty() ? NO_USAGE_DATA : "WindowsLate", lateMessage);
        var mismatches = next.getReceiptMismatches();
        conditions.set(RECEIPT_MISMATCH, !mismatches.isEmpty(), mismatches.isEmpty() ? "ReceiptsMatch" : "DigestMismatch",
                mismatches.isEmpty() ? "Every receipt matches the export the operator signed." : String.join("; ", limit(mismatches.stream()
                        .map(m -> "receipt " + m.window() + "." + m.tenant() + ": " + m.problem()).toList(), 5))
                        + ". The receipt or the delivered file was altered: delete the receipt's key from ConfigMap "
                        + ReceiptsConfigMapDependent.name(mr) + " so the exporter delivers the signed file again, and find who changed it.");
        return StatusAggregation.complete(mr, next, conditions, alertRules, readiness(next, late.size(), !empty.isEmpty(), lateMessage,
                mismatches.size(), destination));
    }

    /**
     * Ready, the condition to wait for ({@code kubectl wait --for=condition=Ready mr/NAME}): exports are on time (no window
     * past its grace period without an export), every receipt matches what the operator signed, and the export destination
     * exists; signing works, since a reconciliation that cannot sign ends not Ready (Reconciled=False). Late windows are
     * Reconciling while the next export run delivers them; Stalled when a person must act: a window without usage data (never
     * signed as zero), a receipt that does not match, a destination claim missing or lost. Drift does not make a rotation
     * unready (its exports are on time and signed): DriftDetected reports it.
     */
    static Readiness readiness(MeteringRotationStatus next, int late, boolean lateWithoutData, String lateMessage, int mismatches,
            Optional<ExportDestination> destination) {
        var unusable = destination.filter(d -> d.claim() != null).flatMap(d -> d.found().isEmpty() ? Optional.of("PersistentVolumeClaimMissing")
                : d.found().map(pvc -> pvc.getStatus() == null ? null : pvc.getStatus().getPhase()).filter("Lost"::equals)
                        .map(lost -> "PersistentVolumeClaimLost"));
        if (unusable.isPresent()) {
            return Readiness.stalled(unusable.get(), "Exports cannot be delivered: see the " + ExportDestination.CONDITION + " condition.");
        }
        if (mismatches > 0) {
            return Readiness.stalled(RECEIPT_MISMATCH, mismatches + " receipt(s) do not match the export the operator signed: see the "
                    + RECEIPT_MISMATCH + " condition.");
        }
        if (late > 0) {
            return lateWithoutData ? Readiness.stalled(NO_USAGE_DATA, lateMessage) : Readiness.reconciling("WindowsLate", lateMessage);
        }
        return Readiness.ready("ExportsOnTime", "Every window past its grace period is exported"
                + (next.getKeyId() == null ? "" : ", signed with key " + next.getKeyId()) + "; every receipt matches.");
    }

    private static List<String> limit(List<String> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        List<String> out = new ArrayList<>(items.subList(0, max));
        out.add("and " + (items.size() - max) + " more");
        return out;
    }
}
