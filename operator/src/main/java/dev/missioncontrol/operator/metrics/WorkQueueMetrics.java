package dev.missioncontrol.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JOSDK's work queue, which JOSDK does not export itself (issue 12): missioncontrol_reconcile_threads (reconciliations
 * that may run at once, every kind together), missioncontrol_reconcile_queue_depth{kind} (resources handed to the
 * reconcile threads that have not started), missioncontrol_reconciliations_running{kind}, and the histogram
 * missioncontrol_reconcile_queue_wait_seconds{kind} (from being handed over to starting). Fed by
 * {@link OperatorMetrics}' JOSDK callbacks: a resource is handed over ({@code reconcileCustomResource}) right before
 * JOSDK submits it to its executor, and starts ({@code reconciliationExecutionStarted}) on a reconcile thread.
 */
final class WorkQueueMetrics {

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, Long> handedOverAt = new ConcurrentHashMap<>();

    WorkQueueMetrics(MeterRegistry registry, int threads, Duration[] buckets) {
        this.registry = registry;
        this.buckets = buckets;
        Gauge.builder("missioncontrol.reconcile.threads", () -> threads)
                .description("Reconciliations that may run at once, every kind together (the reconcile threads)").register(registry);
    }

    void handedOver(HasMetadata resource) {
        String kind = HasMetadata.getKind(resource.getClass());
        if (handedOverAt.put(key(kind, resource), System.nanoTime()) == null) {
            gauge(queued, kind, "missioncontrol.reconcile.queue.depth",
                    "Resources handed to the reconcile threads that have not started yet, per kind").incrementAndGet();
        }
    }

    void started(HasMetadata resource) {
        String kind = HasMetadata.getKind(resource.getClass());
        Long since = handedOverAt.remove(key(kind, resource));
        if (since != null) {
            queued.get(kind).decrementAndGet();
            Timer.builder("missioncontrol.reconcile.queue.wait").description("Time a resource waited for a reconcile thread, per kind")
                    .tag("kind", kind).serviceLevelObjectives(buckets).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - since));
        }
        gauge(running, kind, "missioncontrol.reconciliations.running", "Reconciliations running now, per kind").incrementAndGet();
    }

    void finished(HasMetadata resource) {
        var n = running.get(HasMetadata.getKind(resource.getClass()));
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    private static String key(String kind, HasMetadata resource) {
        return kind + "/" + ResourceID.fromResource(resource);
    }

    private AtomicInteger gauge(Map<String, AtomicInteger> values, String kind, String name, String description) {
        return values.computeIfAbsent(kind, k -> {
            var value = new AtomicInteger();
            Gauge.builder(name, value, AtomicInteger::get).description(description).tag("kind", k).strongReference(true).register(registry);
            return value;
        });
    }
}
