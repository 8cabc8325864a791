package dev.missioncontrol.operator.slo;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus.BurnRate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Measures an SLO in Prometheus: the period's remaining error budget, the burn rate per alert window, burn-alarm minutes. */
public class ErrorBudget {

    /** What one measurement found; error is set when a query failed, budget is null when there was no data. */
    public record Measurement(Double budgetRemaining, Double sliPercent, List<BurnRate> burnRates, Double burnAlarmMinutes,
            String error, QueryResult.Failure failure) {

        public Measurement(Double budgetRemaining, Double sliPercent, List<BurnRate> burnRates, Double burnAlarmMinutes, String error) {
            this(budgetRemaining, sliPercent, burnRates, burnAlarmMinutes, error, error == null ? null : QueryResult.Failure.QueryFailed);
        }
    }

    private final PrometheusClient prometheus;

    public ErrorBudget(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    public Measurement measure(SearchSLO slo) {
        var spec = slo.getSpec();
        String address = spec.getPrometheus().getAddress();
        double budget = SloRules.budget(spec);
        QueryResult period = prometheus.query(address, SloRules.errorRatio(spec, SloRules.period(spec)));
        // A query whose answer is on its way (Pending) does not stop the look: every query is sent at once.
        if (period.error() != null && period.failure() != QueryResult.Failure.Pending) {
            return new Measurement(null, null, List.of(), null, period.error(), period.failure());
        }
        List<BurnRate> rates = new ArrayList<>();
        for (String window : SloRules.WINDOWS) {
            QueryResult r = prometheus.query(address, SloRules.errorRatio(spec, window));
            if (r.value() != null && Double.isFinite(r.value())) {
                rates.add(new BurnRate(window, round(r.value()), round(r.value() / budget)));
            }
        }
        QueryResult minutes = prometheus.query(address,
                SloRules.burnAlarmMinutes(slo, spec.sprint()));
        Double alarmMinutes = minutes.error() != null ? null : Optional.ofNullable(minutes.value()).orElse(0.0);
        if (period.value() == null || !Double.isFinite(period.value())) {
            return new Measurement(null, null, rates, alarmMinutes, null);
        }
        return new Measurement(round(1 - period.value() / budget), round(100 * (1 - period.value())), rates, alarmMinutes, null);
    }

    /** Six significant digits: enough for a person, and small changes do not rewrite status. */
    static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
    }
}
