package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.missioncontrol.mcctl.xai.Exporter;
import dev.missioncontrol.mcctl.xai.ExporterConfig;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.ExplanationExports;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PrometheusServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An ExplanationExport measured on a real Prometheus scraping a real exporter (mcctl xai export, in process) that
 * delivered 1,000 events to a sink on loopback refusing 30 of them, 20 opted out: the KPIs match the values computed by
 * hand, CoverageMet is False with its value, the ledger balances; a light-grey banner is refused with its contrast ratio
 * while a compliant one is served and evaluated through flagd for its tenant; the exporter's Deployment, config and
 * metrics Service are created.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class ExplanationExportIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static KubernetesClient client;
    static String namespace;
    static HttpServer sink;
    static Exporter exporter;
    static Thread exporterThread;
    static PrometheusServer prometheus;
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-xai");
        Set<String> refused = IntStream.range(0, 30).mapToObj(i -> "e-" + (32 * i + 1)).collect(Collectors.toSet());
        Set<String> optedOut = IntStream.range(0, 20).mapToObj(i -> "e-" + (48 * i + 2)).collect(Collectors.toSet());
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        sink.createContext("/v1/explanations", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(refused.contains(exchange.getRequestHeaders().getFirst("Idempotency-Key")) ? 422 : 200, -1);
            exchange.close();
        });
        sink.start();
        dir = Files.createTempDirectory("xai-");
        Files.createDirectories(dir.resolve("events"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = "e-" + i;
            // hints on every event but those whose number ends in 0 (100 of them); 16 of the 20 opted out had one: 884 of the 980 explanations
            lines.add("{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"ranker-v3\","
                    + "\"explanation\":{\"top\":[\"price\"]},\"counterfactualHints\":" + (i % 10 != 0 ? "[\"cheaper\"]" : "[]")
                    + ",\"optOut\":" + optedOut.contains(id) + "}");
        }
        Files.writeString(dir.resolve("events/a.jsonl"), String.join("\n", lines) + "\n");
        var config = new ObjectMapper().valueToTree(Map.of("sourceDir", dir.resolve("events").toString(),
                "sinkUrl", "http://127.0.0.1:" + sink.getAddress().getPort() + "/v1/explanations", "stateDir", dir.resolve("state").toString(),
                "deadLetterDir", dir.resolve("dead-letter").toString(), "metricsAddress", "127.0.0.1:0", "tenants", List.of("acme", "globex"),
                "retry", Map.of("initial", "100ms", "max", "1s", "total", "10s"), "pollInterval", "100ms",
                "exportName", namespace + "/explanations"));
        exporter = new Exporter(ExporterConfig.of(config), new PrintStream(Files.newOutputStream(dir.resolve("exporter.log"))));
        exporterThread = new Thread(() -> {
            try {
                exporter.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "xai-exporter");
        exporterThread.start();
        prometheus = PrometheusServer.start("127.0.0.1:" + exporter.metricsPort());
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            LocalCluster.release(client, namespace);
        } finally {
            exporter.stop();
            exporterThread.join(10_000);
            exporter.close();
            sink.stop(0);
            prometheus.close();
        }
    }

    static ExplanationExportStatus status() {
        return client.resources(ExplanationExport.class).inNamespace(namespace).withName("explanations").get().getStatus();
    }

    @Test
    void kpisMatchTheHandComputedValuesAndOnlyTheCompliantBannerIsServed() throws Exception {
        // the exporter has settled all 1,000 events before the resource exists
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(TIMEOUT).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.metricsPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body().contains("mc_xai_events_total{xai_export=\"" + namespace
                + "/explanations\",tenant=\"acme\",outcome=\"delivered\",bucket=\"delivered\"} 950"));

        var x = ExplanationExports.basic(namespace, "explanations", "http://127.0.0.1:9/v1/explanations");
        x.getSpec().getBanners().clear();
        x.getSpec().getBanners().add(ExplanationExports.banner("acme", "AI-generated explanation: estimates, not advice.", "#1F2328", "#FFF8C5"));
        x.getSpec().getBanners().add(ExplanationExports.banner("globex", "AI-generated, faintly.", "#CCCCCC", "#FFFFFF"));
        x.getSpec().setPrometheus(new PrometheusSpec(prometheus.address()));
        client.resource(x).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var status = status();
            assertThat(status).isNotNull();
            assertThat(Conditions.find(status.getConditions(), ExplanationExportStatusAggregator.COVERAGE_MET)).hasValueSatisfying(c -> {
                assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("False/BelowTarget");
                assertThat(c.getMessage()).contains("96.94 %", "1000 eligible events");
            });
            assertThat(Conditions.find(status.getConditions(), ExplanationExportStatusAggregator.HINTS_MET))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(Conditions.find(status.getConditions(), ExplanationExportStatusAggregator.OPT_OUT_BELOW_TARGET))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(Conditions.find(status.getConditions(), ExplanationExportStatusAggregator.LEDGER_BALANCED))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        });
        var status = status();
        Map<String, ExplanationExportStatus.Kpi> kpis = status.getKpis().stream().collect(Collectors.toMap(ExplanationExportStatus.Kpi::name, k -> k));
        assertThat(kpis.get(ExportKpis.COVERAGE).value()).isEqualTo(950.0 / 980.0);
        assertThat(kpis.get(ExportKpis.HINT_COVERAGE).value()).isEqualTo(884.0 / 980.0);
        assertThat(kpis.get(ExportKpis.OPT_OUT).value()).isEqualTo(20.0 / 1000.0);
        assertThat(kpis.get(ExportKpis.UNBUCKETED).value()).isEqualTo(0.0);
        assertThat(status.getLedgerImbalance()).isZero();
        assertThat(status.getEligible()).isEqualTo(1000L);

        // the light-grey banner is refused with its ratio; the compliant one is served for its tenant
        assertThat(Conditions.find(status.getConditions(), ExplanationExportStatusAggregator.BANNERS_ACCESSIBLE)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).contains("banner globex", "Contrast", "1.60:1");
        });
        assertThat(Conditions.find(status.getConditions(), "Ready")).hasValueSatisfying(c ->
                assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("False/BannersRefused"));
        ConfigMap flags = client.configMaps().inNamespace(namespace).withName(FlagsConfigMapDependent.name(x)).get();
        try (var evaluator = FlagdEvaluator.load(flags.getData().get(FlagdDocument.FILE_NAME))) {
            assertThat(evaluator.object(BannerPlan.flagKey("acme"), "acme")).containsEntry("textColor", "#1F2328")
                    .containsEntry("text", "AI-generated explanation: estimates, not advice.");
            assertThat(evaluator.object(BannerPlan.flagKey("globex"), "globex")).isEmpty();
        }

        // the exporter the operator runs: its Deployment (the operator's image), config and metrics Service
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("explanations-exporter").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("xai", "export", "--config", "/etc/xai/exporter.json");
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        ConfigMap config = client.configMaps().inNamespace(namespace).withName("explanations-exporter-config").get();
        var json = new ObjectMapper().readTree(config.getData().get("exporter.json"));
        assertThat(json.path("exportName").asText()).isEqualTo(namespace + "/explanations");
        assertThat(ExporterConfig.of(json).backoff().total()).isEqualTo(Duration.ofMinutes(5)); // the exporter reads what the operator wrote
        Service service = client.services().inNamespace(namespace).withName("explanations-exporter-metrics").get();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9464);
    }
}
