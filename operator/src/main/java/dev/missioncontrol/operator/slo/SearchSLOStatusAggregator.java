package dev.missioncontrol.operator.slo;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus;
import dev.missioncontrol.operator.slo.ErrorBudget.Measurement;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/** The status aggregator of SearchSLO: the error budget figures and the ErrorBudget condition. */
public final class SearchSLOStatusAggregator {

    public static final String BUDGET = "ErrorBudget";

    private SearchSLOStatusAggregator() {
    }

    /** Whether spec.prometheus answered the budget query (the shared rule every querying kind follows). */
    public static PrometheusReachability prometheus(SearchSLO slo, Optional<Measurement> measurement) {
        String address = slo.getSpec().getPrometheus() == null ? null : slo.getSpec().getPrometheus().getAddress();
        return PrometheusReachability.of(address, "spec.prometheus.address",
                measurement.map(Measurement::error).stream().toList(), measurement.isPresent());
    }

    public static SearchSLOStatus build(SearchSLO slo, Optional<Measurement> measurement, AlertRules alertRules, Clock clock) {
        var conditions = StatusAggregation.conditions(slo, slo.getStatus(), clock);
        var next = new SearchSLOStatus();
        var spec = slo.getSpec();
        if (measurement.isEmpty()) {
            conditions.set(BUDGET, Conditions.UNKNOWN, "NotMeasured",
                    "spec.prometheus is not set: the rules are generated, but status does not report the error budget.");
            return StatusAggregation.complete(slo, next, conditions, alertRules, Readiness.ready("RulesGenerated",
                    "The recording and burn-rate alert rules are generated; spec.prometheus is not set, so the budget is not measured here."));
        }
        var m = measurement.get();
        prometheus(slo, measurement).setOn(conditions, slo.getStatus() == null ? java.util.List.of() : slo.getStatus().getConditions());
        next.setErrorBudgetRemaining(m.budgetRemaining());
        next.setSliPercent(m.sliPercent());
        next.setBurnRates(m.burnRates());
        next.setBurnAlarmMinutes(m.burnAlarmMinutes());
        if (m.failure() == QueryResult.Failure.AddressNotAllowed) {
            conditions.set(BUDGET, Conditions.UNKNOWN, OperatorPrometheusClient.ADDRESS_NOT_ALLOWED, "spec.prometheus.address: " + m.error());
        } else if (m.error() != null) {
            conditions.set(BUDGET, Conditions.UNKNOWN, "QueryError", "Prometheus at " + spec.getPrometheus().getAddress()
                    + " answered with an error: " + m.error() + ". Check spec.sli and spec.prometheus.address.");
        } else if (m.budgetRemaining() == null) {
            conditions.set(BUDGET, Conditions.UNKNOWN, "NoData", "The SLI returned no data over " + SloRules.period(spec)
                    + ": check that the metrics in spec.sli exist and have traffic.");
        } else if (m.budgetRemaining() > 0) {
            conditions.set(BUDGET, true, "WithinBudget", String.format(Locale.ROOT,
                    "%.1f %% of the error budget is left over %s (SLI %.4f %%, objective %s %%).", 100 * m.budgetRemaining(),
                    SloRules.period(spec), m.sliPercent(), SloRules.stripZeros(spec.getObjective())));
        } else {
            conditions.set(BUDGET, false, "BudgetExhausted", String.format(Locale.ROOT,
                    "The error budget over %s is spent (%.1f %% left, SLI %.4f %%, objective %s %%): freeze risky changes to %s.",
                    SloRules.period(spec), 100 * m.budgetRemaining(), m.sliPercent(),
                    SloRules.stripZeros(spec.getObjective()), spec.getService()));
        }
        return StatusAggregation.complete(slo, next, conditions, alertRules, readiness(m, conditions));
    }

    /**
     * Ready: the rules are generated and, where spec.prometheus is set, the error budget is measured. An exhausted budget is
     * measured too, so Ready (the SLO reports what it should; ErrorBudget=False says the service is over budget). A query
     * that fails or finds no data is Reconciling (measured again every spec.interval); an address the operator may not
     * query is Stalled until the address or the operator's allowlist is corrected.
     */
    static Readiness readiness(Measurement m, Conditions conditions) {
        var budget = conditions.build().stream().filter(c -> BUDGET.equals(c.getType())).findFirst().orElseThrow();
        if (m.failure() == QueryResult.Failure.AddressNotAllowed) {
            return Readiness.stalled(budget.getReason(), budget.getMessage());
        }
        if (Conditions.UNKNOWN.equals(budget.getStatus())) {
            return Readiness.reconciling(budget.getReason(), budget.getMessage());
        }
        return Readiness.ready("Measured", budget.getMessage());
    }
}
