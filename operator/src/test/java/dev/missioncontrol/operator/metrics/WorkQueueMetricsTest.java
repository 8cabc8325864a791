package dev.missioncontrol.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** JOSDK's work queue as the operator exports it: depth per kind, waits, reconciliations running, thread count. */
@Tag("unit")
class WorkQueueMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WorkQueueMetrics queue = new WorkQueueMetrics(registry, 4, new Duration[] {Duration.ofMillis(10), Duration.ofSeconds(1)});

    @Test
    void depthRunningAndWaitFollowTheResourcesThroughTheQueue() {
        var c1 = cohort("c1");
        var c2 = cohort("c2");
        var slo = new SearchSLO();
        slo.setMetadata(new ObjectMetaBuilder().withName("s1").withNamespace("ns").build());

        queue.handedOver(c1);
        queue.handedOver(c2);
        queue.handedOver(slo);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "FederationCohort")).isEqualTo(2);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "SearchSLO")).isEqualTo(1);

        queue.started(c1);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "FederationCohort")).isEqualTo(1);
        assertThat(gauge("missioncontrol.reconciliations.running", "FederationCohort")).isEqualTo(1);
        assertThat(registry.get("missioncontrol.reconcile.queue.wait").tag("kind", "FederationCohort").timer().count()).isEqualTo(1);

        queue.finished(c1);
        queue.started(c2);
        queue.finished(c2);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "FederationCohort")).isZero();
        assertThat(gauge("missioncontrol.reconciliations.running", "FederationCohort")).isZero();
        assertThat(registry.get("missioncontrol.reconcile.queue.wait").tag("kind", "FederationCohort").timer().count()).isEqualTo(2);
        assertThat(registry.get("missioncontrol.reconcile.threads").gauge().value()).isEqualTo(4);
    }

    @Test
    void aResourceHandedOverTwiceBeforeStartingIsQueuedOnce() {
        var c1 = cohort("c1");
        queue.handedOver(c1);
        queue.handedOver(c1);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "FederationCohort")).isEqualTo(1);
        queue.started(c1);
        assertThat(gauge("missioncontrol.reconcile.queue.depth", "FederationCohort")).isZero();
    }

    private double gauge(String name, String kind) {
        return registry.get(name).tag("kind", kind).gauge().value();
    }

    private static HasMetadata cohort(String name) {
        var c = new FederationCohort();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        return c;
    }
}
