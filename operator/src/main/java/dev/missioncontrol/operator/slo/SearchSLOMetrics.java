package dev.missioncontrol.operator.slo;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.util.List;

/** A SearchSLO's remaining error budget, from its status. */
@Singleton
public class SearchSLOMetrics extends KindMetrics<SearchSLO> {

    public SearchSLOMetrics() {
        super(SearchSLO.class);
    }

    @Override
    public Scrape<SearchSLO> scrape(StatusSeries shared) {
        var budget = new GaugeMetricFamily("missioncontrol_slo_error_budget_remaining_ratio",
                "Share of the error budget left over the SLO period (negative when overspent)", List.of("namespace", "name", "service"));
        return new Scrape<>() {
            @Override
            public void add(SearchSLO slo) {
                if (slo.getStatus() != null && slo.getStatus().getErrorBudgetRemaining() != null) {
                    budget.addMetric(List.of(slo.getMetadata().getNamespace(), slo.getMetadata().getName(), slo.getSpec().getService()),
                            slo.getStatus().getErrorBudgetRemaining());
                }
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(budget);
            }
        };
    }
}
