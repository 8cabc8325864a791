package dev.missioncontrol.operator.metering;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's metering gauges, which this resource's alert rules watch:
 * missioncontrol_metering_variance_ratio{namespace,name,tenant} (latest window per tenant) and
 * missioncontrol_metering_late_windows{namespace,name}. Derived from status on every reconciliation,
 * so a restarted operator republishes them.
 */
@Singleton
public class MeteringMetrics {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public MeteringMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void variance(String namespace, String name, String tenant, double value) {
        set("missioncontrol.metering.variance.ratio", Tags.of("namespace", namespace, "name", name, "tenant", tenant), value);
    }

    public void lateWindows(String namespace, String name, int count) {
        set("missioncontrol.metering.late.windows", Tags.of("namespace", namespace, "name", name), count);
    }

    private void set(String metric, Tags tags, double value) {
        Tags key = tags.and("__metric", metric);
        values.computeIfAbsent(key, k -> {
            var ref = new AtomicReference<>(value);
            Gauge.builder(metric, ref, AtomicReference::get).tags(tags).register(registry);
            return ref;
        }).set(value);
    }
}
