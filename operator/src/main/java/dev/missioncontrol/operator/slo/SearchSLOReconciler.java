package dev.missioncontrol.operator.slo;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.operator.alerts.AlertingCondition;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.core.time.Durations;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus;
import dev.missioncontrol.operator.common.Conditions;
import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.common.StatusComparison;
import dev.missioncontrol.operator.common.StatusWrites;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a SearchSLO into its recording rules and burn-rate alerts (a PrometheusRule, or a rule-file ConfigMap
 * without the Prometheus Operator) and, when spec.prometheus is set, reports the remaining error budget every
 * spec.interval. Status is written only when a figure changed.
 */
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = SearchSLOReconciler.NAME)
@Workflow(dependents = {
        @Dependent(name = "alert-rules", type = SloPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = SloRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class SearchSLOReconciler implements Reconciler<SearchSLO> {

    public static final String NAME = "searchslo";
    public static final String BUDGET = "ErrorBudget";

    private final Clock clock;
    private final ErrorBudget errorBudget;

    public SearchSLOReconciler() {
        this(Clock.systemUTC(), new ErrorBudget(new PrometheusClient(Duration.ofSeconds(10))));
    }

    SearchSLOReconciler(Clock clock, ErrorBudget errorBudget) {
        this.clock = clock;
        this.errorBudget = errorBudget;
    }

    @Override
    public List<EventSource<?, SearchSLO>> prepareEventSources(EventSourceContext<SearchSLO> context) {
        return List.of(PrometheusRuleCrd.eventSource(context));
    }

    @Override
    public UpdateControl<SearchSLO> reconcile(SearchSLO slo, Context<SearchSLO> context) {
        var prev = Optional.ofNullable(slo.getStatus()).orElseGet(SearchSLOStatus::new);
        long generation = Optional.ofNullable(slo.getMetadata().getGeneration()).orElse(0L);
        var next = new SearchSLOStatus();
        next.setObservedGeneration(generation);
        var conditions = new Conditions(prev.getConditions(), generation, clock);
        boolean measured = slo.getSpec().getPrometheus() != null;
        if (!measured) {
            conditions.set(BUDGET, Conditions.UNKNOWN, "NotMeasured",
                    "spec.prometheus is not set: the rules are generated, but status does not report the error budget.");
        } else {
            var m = errorBudget.measure(slo);
            next.setErrorBudgetRemaining(m.budgetRemaining());
            next.setSliPercent(m.sliPercent());
            next.setBurnRates(m.burnRates());
            next.setBurnAlarmMinutes(m.burnAlarmMinutes());
            if (m.error() != null) {
                conditions.set(BUDGET, Conditions.UNKNOWN, "QueryError", "Prometheus at " + slo.getSpec().getPrometheus().getAddress()
                        + " answered with an error: " + m.error() + ". Check spec.sli and spec.prometheus.address.");
            } else if (m.budgetRemaining() == null) {
                conditions.set(BUDGET, Conditions.UNKNOWN, "NoData", "The SLI returned no data over " + SloRules.period(slo.getSpec())
                        + ": check that the metrics in spec.sli exist and have traffic.");
            } else if (m.budgetRemaining() > 0) {
                conditions.set(BUDGET, true, "WithinBudget", String.format(Locale.ROOT,
                        "%.1f %% of the error budget is left over %s (SLI %.4f %%, objective %s %%).", 100 * m.budgetRemaining(),
                        SloRules.period(slo.getSpec()), m.sliPercent(), SloRules.stripZeros(slo.getSpec().getObjective())));
            } else {
                conditions.set(BUDGET, false, "BudgetExhausted", String.format(Locale.ROOT,
                        "The error budget over %s is spent (%.1f %% left, SLI %.4f %%, objective %s %%): freeze risky changes to %s.",
                        SloRules.period(slo.getSpec()), 100 * m.budgetRemaining(), m.sliPercent(),
                        SloRules.stripZeros(slo.getSpec().getObjective()), slo.getSpec().getService()));
            }
        }
        conditions.set(ReconcileErrors.RECONCILED, true, "Success", "The last reconciliation went through.");
        next.setConditions(conditions.build());
        AlertingCondition.set(slo, prev.getConditions(), next, PrometheusRuleCrd.installed(context), clock);

        UpdateControl<SearchSLO> control = StatusComparison.same(next, slo.getStatus())
                ? UpdateControl.noUpdate() : StatusWrites.patchStatus(slo, next, context);
        if (measured) {
            control.rescheduleAfter(slo.getSpec().interval());
        }
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<SearchSLO> updateErrorStatus(SearchSLO resource, Context<SearchSLO> context, Exception e) {
        return StatusWrites.reportError(resource, e, SearchSLOStatus::new, clock);
    }
}
