package dev.missioncontrol.operator.xai;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs an ExplanationExport's exporter (Deployment, its config, its metrics Service), its alert rules, and its caveat
 * banners as a flagd document (only those that pass the checks); measures the KPIs from Prometheus every
 * {@link #MEASURE_EVERY} when spec.prometheus is set. Status is written only when something changed.
 */
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = ExplanationExportReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "exporter-config", type = ExporterConfigMapDependent.class),
        @Dependent(name = "exporter", type = ExporterDeploymentDependent.class, dependsOn = "exporter-config"),
        @Dependent(name = "exporter-metrics", type = ExporterMetricsServiceDependent.class),
        @Dependent(name = "banner-flags", type = BannerFlagsDependent.class),
        @Dependent(name = "alert-rules", type = XaiPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = XaiRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class ExplanationExportReconciler implements Reconciler<ExplanationExport> {

    public static final String NAME = "explanationexport";
    /** How often the KPIs are read from Prometheus. */
    public static final Duration MEASURE_EVERY = Duration.ofSeconds(30);

    private final Clock clock;
    /** Wakes a resource when the Prometheus answers it waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<ExplanationExport> queriesLanded = ReconcileQueries.wakeSource();
    private final ExporterCounters counters;

    public ExplanationExportReconciler() {
        this(Clock.systemUTC(), OperatorPrometheusClient.create());
    }

    ExplanationExportReconciler(Clock clock, PrometheusClient prometheus) {
        this.clock = clock;
        this.counters = new ExporterCounters(prometheus);
    }

    @Override
    public List<EventSource<?, ExplanationExport>> prepareEventSources(EventSourceContext<ExplanationExport> context) {
        return List.of(PrometheusRuleCrd.eventSource(context), queriesLanded);
    }

    @Override
    public UpdateControl<ExplanationExport> reconcile(ExplanationExport x, Context<ExplanationExport> context) {
        if (Teardown.goingAway(x)) {
            return UpdateControl.noUpdate();
        }
        try (var queries = ReconcileQueries.open("ExplanationExport", x, queriesLanded)) {
            return reconcile(x, context, queries);
        }
    }

    private UpdateControl<ExplanationExport> reconcile(ExplanationExport x, Context<ExplanationExport> context, ReconcileQueries.Pass queries) {
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        var banners = BannerPlan.of(x);
        Optional<ExporterCounters.Measurement> measurement = x.getSpec().getPrometheus() == null ? Optional.empty()
                : Optional.of(counters.measure(x));
        if (queries.pending()) {
            return queries.deferred(); // the answers wake this resource when they land
        }
        boolean available = context.getSecondaryResources(Deployment.class).stream()
                .filter(d -> ExporterDeployment.name(x).equals(d.getMetadata().getName()))
                .anyMatch(d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() > 0);
        var next = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(measurement, available), banners,
                AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        var reachable = ExplanationExportStatusAggregator.prometheus(x, measurement)
                .event(x.getStatus() == null ? List.of() : x.getStatus().getConditions());
        UpdateControl<ExplanationExport> control = StatusWrites.writeIfChanged(x, next, context);
        reachable.ifPresent(e -> EventRecorder.record(context.getClient(), x, e, clock));
        if (measurement.isPresent()) {
            control.rescheduleAfter(MEASURE_EVERY);
        }
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<ExplanationExport> updateErrorStatus(ExplanationExport resource, Context<ExplanationExport> context,
            Exception e) {
        return StatusWrites.reportError(resource, context, e, ExplanationExportStatus::new, clock);
    }
}
