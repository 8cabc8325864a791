package dev.missioncontrol.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import dev.missioncontrol.operator.testing.SearchMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A latency SLO measured on a real Prometheus: the budget is reported, and spent when requests turn slow. */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class SearchSLOIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-slo");
    static KubernetesClient client;
    static String namespace;
    static SearchMetrics metrics;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
        metrics = cluster.metrics();
    }

    @Test
    void errorBudgetIsReportedFromPrometheusAndSpentWhenRequestsTurnSlow() {
        metrics.tenant("acme", 0.3, 0.001, 0.3);
        var spec = new SearchSLOSpec();
        spec.setService("federated-search");
        spec.setObjective(99.0);
        spec.setInterval("5s");
        var sli = new SearchSLOSpec.Sli();
        sli.setLatency(new SearchSLOSpec.Latency("federated_search_request_duration_seconds", "1.25", "mode=\"federated\""));
        spec.setSli(sli);
        spec.setPrometheus(new SearchSLOSpec.Prometheus(cluster.prometheusAddress()));
        var slo = new SearchSLO();
        slo.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("latency").build());
        slo.setSpec(spec);
        client.resource(slo).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            SearchSLOStatus status = client.resources(SearchSLO.class).inNamespace(namespace).withName("latency").get().getStatus();
            assertThat(status).isNotNull();
            assertThat(Conditions.find(status.getConditions(), SearchSLOReconciler.BUDGET)).hasValueSatisfying(c ->
                    assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("True/WithinBudget"));
            assertThat(status.getErrorBudgetRemaining()).isEqualTo(1.0);
            assertThat(status.getSliPercent()).isEqualTo(100.0);
            assertThat(status.getBurnAlarmMinutes()).isEqualTo(0.0);
        });
        assertThat(client.resources(PrometheusRule.class).inNamespace(namespace).withName("latency-searchslo-alerts").get())
                .as("the SLO's PrometheusRule").isNotNull();

        // Every request now takes 2 s: the budget (1 % of requests may be slow) is soon overspent.
        metrics.tenant("acme", 2.0, 0.001, 0.3);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            SearchSLOStatus status = client.resources(SearchSLO.class).inNamespace(namespace).withName("latency").get().getStatus();
            assertThat(Conditions.find(status.getConditions(), SearchSLOReconciler.BUDGET)).hasValueSatisfying(c -> {
                assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("False/BudgetExhausted");
                assertThat(c.getMessage()).contains("freeze risky changes to federated-search");
            });
            assertThat(status.getErrorBudgetRemaining()).isNegative();
            assertThat(status.getBurnRates()).filteredOn(b -> b.window().equals("5m")).singleElement()
                    .satisfies(b -> assertThat(b.burnRate()).isGreaterThan(14.4));
        });
    }
}
