package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Rollback;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A predictive rollout's phase, per-tenant gates and rollbacks, from its status. */
@Singleton
public class PredictiveRolloutMetrics extends KindMetrics<PredictiveRollout> {

    public PredictiveRolloutMetrics() {
        super(PredictiveRollout.class);
    }

    @Override
    public Scrape<PredictiveRollout> scrape(StatusSeries shared) {
        var rollbacks = new CounterMetricFamily("missioncontrol_predictive_rollbacks",
                "Tenants rolled back by a predictive rollout (from status.rollbackCount)", StatusSeries.NAMED);
        var rollbackTime = new GaugeMetricFamily("missioncontrol_predictive_rollback_timestamp_seconds",
                "When a tenant was last rolled back, per gate", List.of("namespace", "name", "tenant", "gate"));
        return new Scrape<>() {
            @Override
            public void add(PredictiveRollout pr) {
                var status = pr.getStatus();
                if (status == null) {
                    return;
                }
                String ns = pr.getMetadata().getNamespace();
                String name = pr.getMetadata().getName();
                if (status.getPhase() != null) {
                    shared.phase("PredictiveRollout", ns, name, status.getPhase().name(), true);
                }
                status.getGates().forEach(g -> shared.gate("PredictiveRollout", ns, name, g.gate(), g.tenant(), g.value(), g.verdict()));
                rollbacks.addMetric(List.of(ns, name), Optional.ofNullable(status.getRollbackCount()).orElse(0));
                Map<List<String>, Instant> newest = new LinkedHashMap<>();
                for (Rollback r : status.getRollbacks()) {
                    if (r.time() != null) {
                        newest.merge(List.of(ns, name, r.tenant(), r.gate()), Instant.parse(r.time()), (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
                newest.forEach((labels, t) -> rollbackTime.addMetric(labels, t.getEpochSecond()));
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(rollbacks, rollbackTime);
            }
        };
    }
}
