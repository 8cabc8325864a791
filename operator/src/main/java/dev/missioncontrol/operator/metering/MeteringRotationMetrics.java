package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Metering drift, late windows and exports, from a MeteringRotation's status. */
@Singleton
public class MeteringRotationMetrics extends KindMetrics<MeteringRotation> {

    public MeteringRotationMetrics() {
        super(MeteringRotation.class);
    }

    @Override
    public Scrape<MeteringRotation> scrape(StatusSeries shared) {
        var variance = new GaugeMetricFamily("missioncontrol_metering_variance_ratio",
                "|exported - metered| / metered for the newest checked window of each tenant", List.of("namespace", "name", "tenant"));
        var late = new GaugeMetricFamily("missioncontrol_metering_late_windows",
                "Windows past their grace period without an export", StatusSeries.NAMED);
        var exports = new CounterMetricFamily("missioncontrol_metering_exports",
                "Usage exports recorded (receipts, one per tenant and window)", StatusSeries.NAMED);
        return new Scrape<>() {
            @Override
            public void add(MeteringRotation mr) {
                var status = mr.getStatus();
                if (status == null) {
                    return;
                }
                String ns = mr.getMetadata().getNamespace();
                String name = mr.getMetadata().getName();
                status.getVariances().stream().filter(v -> v.variance() != null)
                        .collect(Collectors.toMap(Variance::tenant, v -> v, (a, b) -> a.window().compareTo(b.window()) >= 0 ? a : b))
                        .values().stream().sorted(Comparator.comparing(Variance::tenant))
                        .forEach(v -> variance.addMetric(List.of(ns, name, v.tenant()), v.variance()));
                late.addMetric(List.of(ns, name), status.getLateWindows().size());
                exports.addMetric(List.of(ns, name), Optional.ofNullable(status.getReceiptCount()).orElse(0));
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(variance, late, exports);
            }
        };
    }
}
