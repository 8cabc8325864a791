package dev.missioncontrol.operator.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.testing.Examples;
import dev.missioncontrol.operator.testing.Ports;
import dev.missioncontrol.operator.xai.ExporterDeployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import dev.missioncontrol.operator.testing.ProcessRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo Prometheus and exporter that `make run` and the chart's checks start (hack/demo-monitoring.sh) answer on
 * the address hack/lib.sh derives from DEMO_PROMETHEUS_PORT, and `demo-monitoring.sh stop` (run.sh's exit trap, the
 * chart checks' cleanup) leaves nothing running and no pid file behind. So for the ExplanationExport example's sample
 * sink and its `mcctl xai export` (when mcctl/target/mcctl.jar is built, as `make build` and `make test` do), whose
 * configuration is the one the operator writes for the example's Deployment, with only its files and ports local.
 */
@Tag("tools")
class DemoMonitoringTest {

    static final Path SCRIPT = Path.of("..", "hack", "demo-monitoring.sh");
    static final Path MCCTL_JAR = Path.of("..", "mcctl", "target", "mcctl.jar");

    @Test
    void stopLeavesNothingRunning() throws Exception {
        Path runDir = Files.createTempDirectory("demo-monitoring");
        int prometheusPort = Ports.free();
        int exporterPort = Ports.free();
        int sinkPort = Ports.free();
        int xaiPort = Ports.free();
        int cachewarmPort = Ports.free();
        List<String> env = List.of("env", "MC_RUN_DIR=" + runDir, "DEMO_PROMETHEUS_PORT=" + prometheusPort,
                "DEMO_EXPORTER_PORT=" + exporterPort, "DEMO_XAI_SINK_PORT=" + sinkPort, "DEMO_XAI_METRICS_PORT=" + xaiPort,
                "DEMO_CACHEWARM_PORT=" + cachewarmPort,
                "bash", SCRIPT.toString());
        boolean jar = Files.exists(MCCTL_JAR);

        var started = ProcessRunner.run(Duration.ofMinutes(2), with(env, "start"));
        assertThat(started.code()).as(started.output()).isZero();
        assertThat(started.stderr()).contains("demo Prometheus on http://127.0.0.1:" + prometheusPort);
        long prometheus = Long.parseLong(Files.readString(runDir.resolve("prometheus.pid")).trim());
        long exporter = Long.parseLong(Files.readString(runDir.resolve("exporter.pid")).trim());
        long sink = Long.parseLong(Files.readString(runDir.resolve("xai-sink.pid")).trim());
        long cachewarm = Long.parseLong(Files.readString(runDir.resolve("cachewarm-demo.pid")).trim());
        long xai = jar ? Long.parseLong(Files.readString(runDir.resolve("xai-exporter.pid")).trim()) : -1;
        try {
            assertThat(alive(prometheus)).isTrue();
            assertThat(alive(exporter)).isTrue();
            assertThat(alive(sink)).isTrue();
            assertThat(listens(prometheusPort)).isTrue();
            assertThat(listens(sinkPort)).isTrue();
            assertThat(alive(cachewarm)).as("the CacheWarmExperiment example's search service").isTrue();
            assertThat(listens(cachewarmPort)).isTrue();
            if (jar) {
                assertThat(alive(xai)).as("mcctl xai export").isTrue();
                assertThat(listens(xaiPort)).isTrue();
                assertThat(localConfig(Files.readString(runDir.resolve("xai/exporter.json")), sinkPort))
                        .as("the demo exporter's config is the operator's for the example, with local files and ports")
                        .isEqualTo(localConfig(ExporterDeployment.configJson(example()), sinkPort));
            } else {
                assertThat(started.stderr()).contains("mcctl.jar is not built");
            }

            var stopped = ProcessRunner.run(Duration.ofSeconds(60), with(env, "stop"));
            System.out.printf("[demo-monitoring] stop: %s%n", stopped.stderr().strip());
            assertThat(stopped.code()).as(stopped.output()).isZero();
            assertThat(alive(prometheus)).as("Prometheus stopped").isFalse();
            assertThat(alive(exporter)).as("the exporter stopped").isFalse();
            assertThat(listens(prometheusPort)).isFalse();
            assertThat(listens(exporterPort)).isFalse();
            assertThat(alive(sink)).as("the sample sink stopped").isFalse();
            assertThat(xai > 0 && alive(xai)).as("mcctl xai export stopped").isFalse();
            assertThat(listens(sinkPort)).isFalse();
            assertThat(listens(xaiPort)).isFalse();
            assertThat(runDir.resolve("prometheus.pid")).doesNotExist();
            assertThat(runDir.resolve("exporter.pid")).doesNotExist();
            assertThat(runDir.resolve("xai-sink.pid")).doesNotExist();
            assertThat(runDir.resolve("xai-exporter.pid")).doesNotExist();
            assertThat(alive(cachewarm)).as("the search service stopped").isFalse();
            assertThat(listens(cachewarmPort)).isFalse();
            assertThat(runDir.resolve("cachewarm-demo.pid")).doesNotExist();
        } finally {
            for (long pid : List.of(prometheus, exporter, sink, xai, cachewarm)) {
                if (pid > 0) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** The ExplanationExport of examples/, as the operator reads it. */
    static ExplanationExport example() throws IOException {
        var serialization = new KubernetesSerialization();
        for (String doc : Files.readString(Examples.DIR.resolve("50-explanationexport.yaml")).split("(?m)^---\\s*$")) {
            if (doc.contains("kind: ExplanationExport")) {
                return serialization.unmarshal(doc, ExplanationExport.class);
            }
        }
        throw new IllegalStateException("examples/50-explanationexport.yaml has no ExplanationExport");
    }

    /** An exporter config without what is local to where it runs: its files, its metrics address, the sink's port. */
    static JsonNode localConfig(String json, int sinkPort) throws IOException {
        var n = (ObjectNode) new ObjectMapper().readTree(json);
        n.remove(List.of("sourceDir", "stateDir", "deadLetterDir", "metricsAddress"));
        n.put("sinkUrl", n.path("sinkUrl").asText().replaceFirst("^(https?://[^/:]+):\\d+/", "$1:" + sinkPort + "/"));
        return n;
    }

    private static List<String> with(List<String> command, String arg) {
        List<String> all = new ArrayList<>(command);
        all.add(arg);
        return all;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean listens(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
