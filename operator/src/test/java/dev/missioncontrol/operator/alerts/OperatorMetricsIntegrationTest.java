package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The operator's /q/metrics: reconciliations per kind, and per-resource series read from status that leave with the resource. */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class OperatorMetricsIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-metrics");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void reconciliationsAndResourceStateAreExposedAndLeaveWithTheResource() throws Exception {
        // Prometheus is unreachable on purpose: the gates are Inconclusive, which the verdict series must say.
        client.resource(FederationCohorts.rollout(namespace, "observed", List.of("acme", "globex"), "http://127.0.0.1:9", "2s", 3, 1)).create();
        String self = "namespace=\"" + namespace + "\",name=\"observed\"";
        await().atMost(TIMEOUT).untilAsserted(() -> {
            String text = scrape();
            assertThat(text).containsPattern("missioncontrol_reconciliations_total\\{kind=\"FederationCohort\",result=\"success\",?\\} [1-9]");
            assertThat(text).contains("missioncontrol_reconciliation_duration_seconds_bucket{kind=\"FederationCohort\"");
            assertThat(text).contains("missioncontrol_resource_phase{kind=\"FederationCohort\"," + self + ",phase=\"Progressing\"} 1.0");
            assertThat(text).contains("missioncontrol_resource_phase{kind=\"FederationCohort\"," + self + ",phase=\"Promoted\"} 0.0");
            assertThat(text).contains("missioncontrol_federation_fallback_active{" + self + "} 0.0");
            assertThat(text).contains("missioncontrol_federation_fallbacks_total{" + self + "} 0.0");
            assertThat(text).contains("missioncontrol_gate_verdict{kind=\"FederationCohort\"," + self
                    + ",gate=\"latency\",tenant=\"\",verdict=\"Inconclusive\"} 1.0");
        });

        // Every operator metric a dashboard reads is one the operator exports (a TYPE line even with no samples).
        String text = scrape();
        for (String metric : DashboardsTest.operatorMetricNames()) {
            String family = metric.replaceAll("_(total|bucket|count|sum)$", "");
            assertThat(text).as("dashboards read " + metric).containsPattern("# TYPE " + family + "(_total)? ");
        }

        client.resources(FederationCohort.class).inNamespace(namespace).withName("observed").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(scrape()).doesNotContain(self));
    }

    String scrape() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
