package dev.missioncontrol.operator.slo;

import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.status.StatusWrites;
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
import java.util.List;

/**
 * Turns a SearchSLO into its recording rules and burn-rate alerts (a PrometheusRule, or a rule-file ConfigMap
 * without the Prometheus Operator) and, when spec.prometheus is set, reports the remaining error budget every
 * spec.interval. Status is written only when a figure changed.
 */
// Events: an unreachable Prometheus is one Warning Event (PrometheusReachability).
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = SearchSLOReconciler.NAME)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "alert-rules", type = SloPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = SloRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class SearchSLOReconciler implements Reconciler<SearchSLO> {

    public static final String NAME = "searchslo";
    public static final String BUDGET = SearchSLOStatusAggregator.BUDGET;

    private final Clock clock;
    /** Wakes a resource when the Prometheus answers it waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<SearchSLO> queriesLanded = ReconcileQueries.wakeSource();
    private final ErrorBudget errorBudget;

    public SearchSLOReconciler() {
        this(Clock.systemUTC(), new ErrorBudget(OperatorPrometheusClient.create()));
    }

    SearchSLOReconciler(Clock clock, ErrorBudget errorBudget) {
        this.clock = clock;
        this.errorBudget = errorBudget;
    }

    @Override
    public List<EventSource<?, SearchSLO>> prepareEventSources(EventSourceContext<SearchSLO> context) {
        return List.of(PrometheusRuleCrd.eventSource(context), queriesLanded);
    }

    @Override
    public UpdateControl<SearchSLO> reconcile(SearchSLO slo, Context<SearchSLO> context) {
        if (Teardown.goingAway(slo)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try (var queries = ReconcileQueries.open("SearchSLO", slo, queriesLanded)) {
            return reconcile(slo, context, queries);
        }
    }

    private UpdateControl<SearchSLO> reconcile(SearchSLO slo, Context<SearchSLO> context, ReconcileQueries.Pass queries) {
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        var decision = SearchSLOPlanner.plan(slo, errorBudget::measure);
        if (queries.pending()) {
            return queries.deferred(); // the answers wake this resource when they land
        }
        var next = SearchSLOStatusAggregator.build(slo, decision.next(), AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        var prometheus = SearchSLOStatusAggregator.prometheus(slo, decision.next())
                .event(slo.getStatus() == null ? List.of() : slo.getStatus().getConditions());
        UpdateControl<SearchSLO> control = StatusWrites.writeIfChanged(slo, next, context);
        // After the status write: a failed write is retried and must not repeat the Event.
        prometheus.ifPresent(e -> EventRecorder.record(context.getClient(), slo, e, clock));
        decision.requeue().ifPresent(control::rescheduleAfter);
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<SearchSLO> updateErrorStatus(SearchSLO resource, Context<SearchSLO> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, SearchSLOStatus::new, clock);
    }
}
