package dev.missioncontrol.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.missioncontrol.core.prometheus.PrometheusAddressPolicy;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus address outside the operator's allowlist: the kinds name it in a condition and the target never sees
 * a request. The target is a real HTTP server on 127.0.0.1, addressed as http://localhost:PORT, a name the
 * operator's default list (loopback IPs, *.svc) does not allow; the same server addressed by its IP is queried,
 * which shows the counter counts.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class PrometheusAllowlistIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String ANSWER = """
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.001"]}]}}""";
    static KubernetesClient client;
    static String namespace;
    static HttpServer refusedTarget;
    static HttpServer allowedTarget;
    static final AtomicInteger refusedHits = new AtomicInteger();
    static final AtomicInteger allowedHits = new AtomicInteger();

    @BeforeAll
    static void setUp() throws IOException {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-allowlist");
        refusedTarget = serve(refusedHits);
        allowedTarget = serve(allowedHits);
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
        refusedTarget.stop(0);
        allowedTarget.stop(0);
    }

    @Test
    void aRefusedAddressIsNamedAndNeverQueried() {
        String refused = "http://localhost:" + refusedTarget.getAddress().getPort();
        client.resource(FederationCohorts.rollout(namespace, "refused", List.of("r-acme"), refused, "2s", 2, 1)).create();
        var slo = SearchSLOs.availability(namespace, "refused-slo");
        slo.getSpec().setPrometheus(new SearchSLOSpec.Prometheus(refused));
        client.resource(slo).create();
        Actors.reviewer().resource(PredictiveRollouts.go(namespace, "refused-predictive", refused, "1h", List.of(List.of("p-acme")))).create();
        client.resource(MeteringRotations.rotation(namespace, "refused-metering", List.of("m-acme"), refused, "1h",
                Instant.now().minus(Duration.ofHours(3)), "1m")).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = cohort("refused").getStatus();
            assertThat(s).isNotNull();
            assertThat(s.getGates()).isNotEmpty().allSatisfy(g -> assertThat(g.inconclusiveCause()).isEqualTo(InconclusiveCause.AddressNotAllowed));
            assertThat(Conditions.find(s.getConditions(), "Analysis")).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("Unknown");
                assertThat(c.getReason()).isEqualTo("PrometheusAddressNotAllowed");
                assertThat(c.getMessage()).startsWith("spec.rollout.analysis.prometheus.address: no request sent: http://localhost:"
                        + refusedTarget.getAddress().getPort() + " is not in the operator's allowlist")
                        .contains(PrometheusAddressPolicy.PROPERTY, OperatorPrometheusClient.DEFAULT_ALLOWED_ADDRESSES);
            });
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = client.resources(SearchSLO.class).inNamespace(namespace).withName("refused-slo").get().getStatus();
            assertThat(s).isNotNull();
            assertThat(Conditions.find(s.getConditions(), "ErrorBudget")).get().satisfies(c -> {
                assertThat(c.getReason()).isEqualTo("PrometheusAddressNotAllowed");
                assertThat(c.getMessage()).startsWith("spec.prometheus.address: no request sent: http://localhost:");
            });
        });
        // Every kind that queries Prometheus names the refusal the same way: PrometheusReachable False, one Warning Event.
        var kinds = List.of(FederationCohort.class, SearchSLO.class, PredictiveRollout.class, MeteringRotation.class);
        var names = List.of("refused", "refused-slo", "refused-predictive", "refused-metering");
        for (int i = 0; i < kinds.size(); i++) {
            var kind = kinds.get(i);
            String name = names.get(i);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                var resource = client.resources(kind).inNamespace(namespace).withName(name).get();
                assertThat(resource.getStatus()).as(kind.getSimpleName() + " status").isNotNull();
                var conditions = ((dev.missioncontrol.operator.api.v1alpha1.HasConditions) resource.getStatus()).getConditions();
                assertThat(Conditions.find(conditions, "PrometheusReachable")).as(kind.getSimpleName()).get().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("PrometheusAddressNotAllowed");
                    assertThat(c.getMessage()).contains(".address: no request sent: http://localhost:", "is not in the operator's allowlist");
                });
            });
            var warnings = client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName()) && "PrometheusAddressNotAllowed".equals(e.getReason()))
                    .toList();
            assertThat(warnings).as(kind.getSimpleName() + " Warning Events").singleElement()
                    .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        }

        // Refused analyses hold the rollout (Inconclusive), never count as failures or fall back.
        var s = cohort("refused").getStatus();
        assertThat(s.getPhase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(s.getFailedChecks()).isZero();
        assertThat(refusedHits.get()).as("requests that reached the refused address").isZero();
        System.out.printf("[allowlist] refused: Analysis=%s%n", Conditions.find(s.getConditions(), "Analysis").get().getMessage());

        // The same kind of server, addressed by an allowed IP literal, is queried: the counter counts.
        String allowed = "http://127.0.0.1:" + allowedTarget.getAddress().getPort();
        client.resource(FederationCohorts.rollout(namespace, "allowed", List.of("r-globex"), allowed, "2s", 2, 1)).create();
        await().atMost(TIMEOUT).until(() -> allowedHits.get() > 0);
        assertThat(refusedHits.get()).as("requests that reached the refused address").isZero();
    }

    private FederationCohort cohort(String name) {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName(name).get();
    }

    private static HttpServer serve(AtomicInteger hits) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
