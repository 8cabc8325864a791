package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.alerts.AlertingCondition;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.time.Durations;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Rehearsal;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.common.Conditions;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.common.StatusComparison;
import dev.missioncontrol.operator.common.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Per-tenant usage exports: schedules the exporter, folds its receipts into status, compares each exported
 * window with metering (drift), notices windows past their grace period (late), and rotates (or rehearses
 * rotating) the export-signing key. Receipts arriving wake it; otherwise it sleeps until the next deadline.
 */
// RBAC beyond the dependents: the signing key Secret (MeteringKeys creates and rotates it) and Events.
@RBACRule(apiGroups = "", resources = "secrets", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.UPDATE})
@RBACRule(apiGroups = "", resources = "events", verbs = RBACVerbs.CREATE)
// Annotations request rotations and rehearsals and do not bump the generation.
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = MeteringRotationReconciler.NAME, generationAwareEventProcessing = false)
@Workflow(dependents = {
        @Dependent(name = "receipts", type = ReceiptsConfigMapDependent.class),
        @Dependent(name = "exporter-sa", type = ExporterServiceAccountDependent.class),
        @Dependent(name = "exporter-role", type = ExporterRoleDependent.class),
        @Dependent(name = "exporter-binding", type = ExporterRoleDependent.Binding.class, dependsOn = "exporter-role"),
        @Dependent(name = "export-cronjob", type = ExportCronJobDependent.class, dependsOn = {"receipts", "exporter-binding"}),
        @Dependent(name = "alert-rules", type = MeteringPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = MeteringRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class MeteringRotationReconciler implements Reconciler<MeteringRotation> {

    public static final String NAME = "meteringrotation";
    public static final String ROTATE = "missioncontrol.dev/rotate-key";
    public static final String REHEARSE = "missioncontrol.dev/rehearse-rotation";
    static final int RECEIPTS_IN_STATUS = 30;
    static final int CHECKED_IN_STATUS = 1000;

    private final Clock clock;
    private final PrometheusClient prometheus;

    public MeteringRotationReconciler() {
        this(Clock.systemUTC(), new PrometheusClient(Duration.ofSeconds(10)));
    }

    MeteringRotationReconciler(Clock clock, PrometheusClient prometheus) {
        this.clock = clock;
        this.prometheus = prometheus;
    }

    @Override
    public List<EventSource<?, MeteringRotation>> prepareEventSources(EventSourceContext<MeteringRotation> context) {
        return List.of(PrometheusRuleCrd.eventSource(context));
    }

    /** Start of the first window: spec.export.since, or the resource's creation, rounded down to a window. */
    public static Instant since(MeteringRotation mr) {
        var windows = windows(mr);
        String since = mr.getSpec().getExport().getSince();
        Instant t = since != null ? OffsetDateTime.parse(since).toInstant()
                : mr.getMetadata().getCreationTimestamp() != null ? OffsetDateTime.parse(mr.getMetadata().getCreationTimestamp()).toInstant()
                : Instant.EPOCH;
        return windows.floor(t);
    }

    static UsageWindows windows(MeteringRotation mr) {
        return new UsageWindows(mr.getSpec().getExport().window());
    }

    @Override
    public UpdateControl<MeteringRotation> reconcile(MeteringRotation mr, Context<MeteringRotation> context) {
        Instant now = clock.instant();
        var client = context.getClient();
        var spec = mr.getSpec();
        var prev = Optional.ofNullable(mr.getStatus()).orElseGet(MeteringRotationStatus::new);
        var next = new MeteringRotationStatus();
        List<String> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        // Receipts, recorded by the exporter in the receipts ConfigMap.
        List<Receipt> receipts = context.getSecondaryResources(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().equals(ReceiptsConfigMapDependent.name(mr)))
                .findFirst().map(cm -> UsageLedger.parse(cm.getData())).orElse(List.of());
        var windows = windows(mr);
        Duration grace = spec.gracePeriod();
        int retention = spec.retentionWindows();
        var ledger = UsageLedger.of(receipts, spec.getTenants(), windows, since(mr), now, grace, retention);
        next.setReceipts(ledger.receipts().size() > RECEIPTS_IN_STATUS
                ? ledger.receipts().subList(ledger.receipts().size() - RECEIPTS_IN_STATUS, ledger.receipts().size()) : ledger.receipts());
        next.setReceiptCount(ledger.receipts().size());
        next.setExportedThrough(ledger.exportedThrough().map(Instant::toString).orElse(null));
        next.setLateWindows(ledger.late());
        Set<String> lateBefore = prev.getLateWindows().stream().map(l -> l.window()).collect(Collectors.toSet());
        ledger.late().stream().filter(l -> !lateBefore.contains(l.window())).forEach(l -> warnings.add("ExportLate: window "
                + l.window() + " has no export for " + String.join(", ", l.tenants()) + " past the " + spec.getGracePeriod() + " grace period"));

        // Drift: each receipt is compared with metering once.
        double threshold = spec.drift().threshold();
        String meteredQuery = Optional.ofNullable(spec.getDrift()).map(d -> d.getMeteredQuery()).filter(q -> !q.isBlank())
                .orElse(UsageExports.DEFAULT_METERED_QUERY);
        Set<String> checked = new LinkedHashSet<>(prev.getDriftCheckedWindows());
        Map<String, Variance> latest = new LinkedHashMap<>();
        prev.getVariances().forEach(v -> latest.put(v.tenant(), v));
        for (Receipt r : ledger.receipts()) {
            String key = r.window() + "." + r.tenant();
            if (checked.contains(key)) {
                continue;
            }
            Instant end = windows.end(UsageWindows.parseId(r.window()));
            var result = prometheus.query(spec.getPrometheus().getAddress(), windows.render(meteredQuery, r.tenant()), end);
            var v = DriftCheck.compare(r.window(), r.tenant(), result.error() == null ? result.value() : null, r.total(), threshold);
            checked.add(key);
            var current = latest.get(r.tenant());
            if (current == null || current.window().compareTo(v.window()) <= 0) {
                latest.put(r.tenant(), v);
            }
            if (DriftCheck.DRIFT.equals(v.verdict())) {
                warnings.add("DriftDetected: tenant " + r.tenant() + " window " + r.window() + " exported " + v.exported()
                        + " but metering shows " + v.metered() + " (variance " + percent(v.variance()) + ", threshold " + percent(threshold) + ")");
            }
        }
        List<String> checkedList = new ArrayList<>(checked);
        next.setDriftCheckedWindows(checkedList.size() > CHECKED_IN_STATUS
                ? checkedList.subList(checkedList.size() - CHECKED_IN_STATUS, checkedList.size()) : checkedList);
        next.setVariances(new ArrayList<>(latest.values()));

        // Signing key: create, rotate on schedule or on request, or rehearse.
        var keys = MeteringKeys.ensure(client, mr, now);
        Instant rotatedAt = keys.rotatedAt() != null ? keys.rotatedAt() : now;
        String schedule = spec.rotation().schedule();
        boolean rehearseScheduled = Optional.ofNullable(spec.getRotation()).map(r -> Boolean.TRUE.equals(r.getRehearse())).orElse(false);
        Optional<Instant> due = prev.getNextRotationAt() != null ? Optional.of(Instant.parse(prev.getNextRotationAt()))
                : RotationSchedule.next(schedule, rotatedAt);
        String rotateToken = annotation(mr, ROTATE);
        String rehearseToken = annotation(mr, REHEARSE);
        List<Rehearsal> rehearsals = new ArrayList<>(prev.getRehearsals());
        List<String> receiptKeyIds = ledger.receipts().stream().map(Receipt::keyid).distinct().toList();
        boolean scheduledNow = due.isPresent() && !now.isBefore(due.get());
        if ((rotateToken != null && !rotateToken.equals(prev.getHandledRotation())) || (scheduledNow && !rehearseScheduled)) {
            keys = MeteringKeys.rotate(client, mr, keys, now);
            events.add("KeyRotated: export-signing key rotated to " + keys.keyId().substring(0, 12) + "; the previous key "
                    + keys.previousKeyId().substring(0, 12) + " stays published for " + overlap(mr));
            due = RotationSchedule.next(schedule, now);
        } else if ((rehearseToken != null && !rehearseToken.equals(prev.getHandledRehearsal())) || (scheduledNow && rehearseScheduled)) {
            rehearsals.add(rehearse(keys, receiptKeyIds, now));
            events.add("RotationRehearsed: " + rehearsals.get(rehearsals.size() - 1).message());
            if (scheduledNow) {
                due = RotationSchedule.next(schedule, now);
            }
        }
        next.setHandledRotation(rotateToken);
        next.setHandledRehearsal(rehearseToken);
        next.setRehearsals(rehearsals.size() > 10 ? rehearsals.subList(rehearsals.size() - 10, rehearsals.size()) : rehearsals);
        MeteringKeys.publish(client, mr, keys, overlap(mr), now);
        next.setKeyId(keys.keyId());
        next.setPreviousKeyId(keys.previousKeyId());
        next.setKeyRotatedAt(keys.rotatedAt() == null ? null : keys.rotatedAt().toString());
        next.setNextRotationAt(due.map(Instant::toString).orElse(null));

        // Conditions and status (the gauges are read from status: see OperatorMetrics).
        long generation = Optional.ofNullable(mr.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(prev.getConditions(), generation, clock);
        List<Variance> drifting = latest.values().stream().filter(v -> DriftCheck.DRIFT.equals(v.verdict())).toList();
        conditions.set("DriftDetected", !drifting.isEmpty(), drifting.isEmpty() ? "WithinThreshold" : "VarianceAboveThreshold",
                drifting.isEmpty() ? "Every tenant's latest exported window is within " + percent(threshold) + " of metering."
                        : String.join("; ", drifting.stream().map(v -> "tenant " + v.tenant() + " window " + v.window() + ": exported "
                                + v.exported() + ", metered " + v.metered() + " (" + percent(v.variance()) + ")").toList())
                                + " exceeds " + percent(threshold) + ". Reconcile the usage store with metering before invoicing.");
        conditions.set("ExportLate", !ledger.late().isEmpty(), ledger.late().isEmpty() ? "OnTime" : "WindowsLate",
                ledger.late().isEmpty() ? "Every window past its grace period has been exported." : ledger.late().size()
                        + " window(s) past the grace period without an export, oldest " + ledger.late().get(0).window()
                        + "; the next export run backfills them (kubectl create job --from=cronjob/" + ExportCronJobDependent.name(mr) + " NAME).");
        conditions.set(ReconcileErrors.RECONCILED, true, "Success", "The last reconciliation went through.");
        next.setObservedGeneration(generation);
        next.setConditions(conditions.build());
        AlertingCondition.set(mr, prev.getConditions(), next, PrometheusRuleCrd.installed(context), clock);

        UpdateControl<MeteringRotation> control = StatusComparison.same(next, mr.getStatus())
                ? UpdateControl.noUpdate() : StatusWrites.patchStatus(mr, next, context);
        events.forEach(e -> EventRecorder.record(client, mr, false, e.substring(0, e.indexOf(':')), e.substring(e.indexOf(':') + 2), clock));
        warnings.forEach(e -> EventRecorder.record(client, mr, true, e.substring(0, e.indexOf(':')), e.substring(e.indexOf(':') + 2), clock));
        // Sleep until the next moment that matters: a window turning late, or the next rotation.
        Stream.of(ledger.nextDeadline(), due).flatMap(Optional::stream).min(Instant::compareTo)
                .map(t -> Duration.between(now, t).plusMillis(500)).filter(d -> !d.isNegative()).ifPresent(control::rescheduleAfter);
        return control;
    }

    private Rehearsal rehearse(MeteringKeys.State keys, List<String> receiptKeyIds, Instant now) {
        try {
            return new Rehearsal(now.toString(), "Succeeded", MeteringKeys.rehearse(keys, receiptKeyIds));
        } catch (RuntimeException e) {
            return new Rehearsal(now.toString(), "Failed", e.getMessage());
        }
    }

    private static Duration overlap(MeteringRotation mr) {
        return mr.getSpec().rotation().overlap();
    }

    private static String annotation(MeteringRotation mr, String key) {
        return Optional.ofNullable(mr.getMetadata().getAnnotations()).map(a -> a.get(key)).filter(v -> !v.isBlank()).orElse(null);
    }

    private static String percent(Double ratio) {
        return ratio == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f %%", ratio * 100);
    }

    @Override
    public ErrorStatusUpdateControl<MeteringRotation> updateErrorStatus(MeteringRotation resource, Context<MeteringRotation> context,
            Exception e) {
        return StatusWrites.reportError(resource, e, MeteringRotationStatus::new, clock);
    }

}
