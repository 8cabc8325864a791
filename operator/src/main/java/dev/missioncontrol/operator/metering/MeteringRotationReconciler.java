package dev.missioncontrol.operator.metering;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Rehearsal;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.metering.MeteringPlanner.KeyAction;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per-tenant usage exports: signs each closed window's usage (the key never leaves the operator's namespace), hands
 * the signed files to the exporter through {@code <name>-exports}, archives what it signed in its own namespace,
 * checks the exporter's receipts against that archive, compares each export with metering (drift), notices windows
 * past their grace period (late, including windows without usage data, which are never signed as zero), and rotates
 * (or rehearses rotating) the signing key. Receipts arriving wake it; otherwise it sleeps until the next deadline.
 */
// RBAC beyond the dependents: Events. The signing key Secrets are read and written in the operator's own namespace
// only (SigningKeys), which the chart grants there; the archive and the pending exports are ConfigMaps (the receipts
// dependent's rule covers them).
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// The export destination's PersistentVolumeClaim is watched (read only), to name a missing one in status.
@RBACRule(apiGroups = "", resources = "persistentvolumeclaims", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// Annotations request rotations and rehearsals and do not bump the generation.
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = MeteringRotationReconciler.NAME, generationAwareEventProcessing = false)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
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
    public static final String ROTATE = MeteringPlanner.ROTATE;
    public static final String REHEARSE = MeteringPlanner.REHEARSE;
    static final String EXPORT_CLAIMS = "export-claims";
    public static final String ATTEST_ZERO = MeteringPlanner.ATTEST_ZERO;
    /** Signing purposes of export keys: {@code metering-<hash of namespace/name>} (SigningKeys.purposeFor). */
    public static final String PURPOSE_PREFIX = "metering";

    private final Clock clock;
    /** Wakes a resource when the Prometheus answers it waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<MeteringRotation> queriesLanded = ReconcileQueries.wakeSource();
    private final PrometheusClient prometheus;

    public MeteringRotationReconciler() {
        this(Clock.systemUTC(), OperatorPrometheusClient.create());
    }

    MeteringRotationReconciler(Clock clock, PrometheusClient prometheus) {
        this.clock = clock;
        this.prometheus = prometheus;
    }

    @Override
    public List<EventSource<?, MeteringRotation>> prepareEventSources(EventSourceContext<MeteringRotation> context) {
        // The export destination: a claim created, deleted or lost changes what status says about it.
        var claims = InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, MeteringRotation.class)
                .withName(EXPORT_CLAIMS)
                .withSecondaryToPrimaryMapper(claim -> context.getPrimaryCache()
                        .list(mr -> Objects.equals(mr.getMetadata().getNamespace(), claim.getMetadata().getNamespace())
                                && Objects.equals(ExportDestination.claimName(mr), claim.getMetadata().getName()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((MeteringRotation mr) -> ExportDestination.claimName(mr) == null ? Set.of()
                        : Set.of(new ResourceID(ExportDestination.claimName(mr), mr.getMetadata().getNamespace())))
                .build();
        return List.of(PrometheusRuleCrd.eventSource(context), new InformerEventSource<>(claims, context), queriesLanded);
    }

    @Override
    public UpdateControl<MeteringRotation> reconcile(MeteringRotation mr, Context<MeteringRotation> context) {
        if (Teardown.goingAway(mr)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try (var queries = ReconcileQueries.open("MeteringRotation", mr, queriesLanded)) {
            return reconcile(mr, context, queries);
        }
    }

    private UpdateControl<MeteringRotation> reconcile(MeteringRotation mr, Context<MeteringRotation> context, ReconcileQueries.Pass queries) {
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        Instant now = queries.now(clock); // the same instant on the pass its answers wake, so it asks the same queries
        var client = context.getClient();
        // Receipts, recorded by the exporter in the receipts ConfigMap: tenant-writable, checked against the archive.
        List<Receipt> receipts = context.getSecondaryResources(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().equals(ReceiptsConfigMapDependent.name(mr)))
                .findFirst().map(cm -> UsageLedger.parse(cm.getData())).orElse(List.of());
        SigningKeys keys = SigningConfig.keys(client);
        String purpose = SigningKeys.purposeFor(PURPOSE_PREFIX, mr.getMetadata().getNamespace(), mr.getMetadata().getName());
        var archive = new UsageArchive(client, keys.namespace());
        var signer = keys.signer(purpose, now);
        String address = mr.getSpec().getPrometheus().getAddress();
        List<QueryResult> answers = new ArrayList<>();
        var decision = MeteringPlanner.plan(mr, archive.load(purpose), receipts, MeteringPlanner.rotatedAt(signer.ring()), now,
                (query, at) -> {
                    var answer = prometheus.query(address, query, at);
                    answers.add(answer);
                    return answer;
                });
        var reachable = PrometheusReachability.ofResults(address, MeteringRotationStatusAggregator.FIELD, answers);
        if (queries.pending()) {
            return queries.deferred(); // the answers wake this resource when they land
        }
        var plan = decision.next();

        // Sign what the planner chose with the current key, archive it (the archive is the truth), then hand the
        // signed files to the exporter.
        Map<String, ArchivedExport> records = new TreeMap<>(plan.archive());
        plan.toSign().forEach(u -> {
            var signed = MeteringPlanner.sign(u, signer.privateKey(), signer.keyId());
            records.put(signed.key(), signed);
        });
        archive.save(purpose, mr, records.values());
        PendingExports.apply(client, mr, records.values());

        // Carry out the key action the planner chose, then publish the public keys.
        Duration overlap = mr.getSpec().rotation().overlap();
        Optional<Rehearsal> rehearsal = Optional.empty();
        var ring = signer.ring();
        if (plan.keyAction() == KeyAction.ROTATE) {
            ring = keys.rotate(purpose, now).ring();
        } else if (plan.keyAction() == KeyAction.REHEARSE) {
            List<String> signedBy = records.values().stream().map(ArchivedExport::keyid).distinct().toList();
            rehearsal = Optional.of(MeteringPlanner.rehearsal(ring, signedBy, now));
        }
        plan.status().setSigningPurpose(purpose);
        var keyEvents = MeteringPlanner.keyDone(plan.status(), plan.keyAction(), ring, rehearsal, overlap, now);
        var keysTaken = keys.publish(ring, Optional.of(mr.getMetadata().getNamespace()));

        // The gauges are read from status: see StatusMetrics.
        var destination = ExportDestination.of(mr, context.getSecondaryResource(PersistentVolumeClaim.class, EXPORT_CLAIMS));
        var next = MeteringRotationStatusAggregator.build(mr, plan.status(), reachable, Optional.of(destination),
                AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        UpdateControl<MeteringRotation> control = StatusWrites.writeIfChanged(mr, next, context, keysTaken, clock);
        // Events after the status write: a failed write is retried and must not repeat them.
        EventRecorder.recordAll(client, mr, keyEvents, clock);
        EventRecorder.recordAll(client, mr, decision.events(), clock);
        reachable.event(mr.getStatus() == null ? List.of() : mr.getStatus().getConditions())
                .ifPresent(e -> EventRecorder.record(client, mr, e, clock));
        // The sooner of the planner's wake-up and the look again at someone else's object in the way.
        decision.requeue().filter(d -> keysTaken.isEmpty() || d.compareTo(ForeignObjects.RECHECK) < 0).ifPresent(control::rescheduleAfter);
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<MeteringRotation> updateErrorStatus(MeteringRotation resource, Context<MeteringRotation> context,
            Exception e) {
        return StatusWrites.reportError(resource, context, e, MeteringRotationStatus::new, clock);
    }

}
