package dev.missioncontrol.operator.metrics;

import dev.missioncontrol.operator.common.ReconcileErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The operator's metrics, in place of JOSDK's default (whose names embed the controller and whose labels
 * include every resource): missioncontrol_reconciliations_total{kind,result} and
 * missioncontrol_reconciliation_duration_seconds{kind} (a histogram), plus, read from the informer caches at
 * scrape time, each resource's phase, gates, fallbacks, rollbacks and metering figures ({@link StatusMetrics}).
 * Reading status at scrape time means a deleted resource's series disappear and a restarted operator
 * republishes exactly what the cluster holds. And JOSDK's work queue ({@link WorkQueueMetrics}): thread count, queue
 * depth, queue wait and reconciliations running.
 */
@Singleton
public class OperatorMetrics implements Metrics {

    /** Histogram buckets: a reconciliation takes milliseconds, or seconds when it waits on Prometheus or the API server. */
    private static final Duration[] BUCKETS = java.util.stream.Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<String, String> kinds = new ConcurrentHashMap<>();
    private final List<Controller<? extends HasMetadata>> controllers = new CopyOnWriteArrayList<>();
    private final WorkQueueMetrics queue;

    public OperatorMetrics(MeterRegistry registry, Instance<PrometheusMeterRegistry> prometheus, Instance<KindMetrics<?>> kindMetrics) {
        this.registry = registry;
        this.queue = new WorkQueueMetrics(registry, ConfigProvider.getConfig()
                .getOptionalValue("quarkus.operator-sdk.concurrent-reconciliation-threads", Integer.class)
                .orElse(io.javaoperatorsdk.operator.api.config.ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER), BUCKETS);
        if (prometheus.isResolvable()) {
            prometheus.get().getPrometheusRegistry().register(new StatusMetrics(controllers, kindMetrics.stream()
                    .sorted(java.util.Comparator.comparing(k -> k.kind().getSimpleName())).toList()));
        }
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        kinds.put(controller.getConfiguration().getName(), HasMetadata.getKind(controller.getConfiguration().getResourceClass()));
        controllers.add(controller);
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        queue.handedOver(resource);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        queue.started(resource);
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        queue.finished(resource);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        String kind = kinds.getOrDefault(execution.controllerName(), execution.controllerName());
        long start = System.nanoTime();
        String result = "error";
        try {
            T outcome = execution.execute();
            result = "success";
            return outcome;
        } catch (Exception e) {
            // Routine failures (the resource or its namespace going away, a lost write race) are no one's problem:
            // they must not raise the reconcile-error alert, which reads result="error".
            result = ReconcileErrors.classify(e).category().metricResult();
            throw e;
        } finally {
            Timer.builder("missioncontrol.reconciliation.duration").description("Time one reconciliation took, per kind")
                    .tag("kind", kind).serviceLevelObjectives(BUCKETS).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
            Counter.builder("missioncontrol.reconciliations").description("Reconciliations per kind and result (success; error; gone: the resource or its namespace was being deleted; conflict: a lost write race, retried)")
                    .tag("kind", kind).tag("result", result).register(registry).increment();
        }
    }
}
