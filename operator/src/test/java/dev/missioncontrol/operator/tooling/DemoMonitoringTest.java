package dev.missioncontrol.operator.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.testing.Ports;
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
 * chart checks' cleanup) leaves nothing running and no pid file behind.
 */
@Tag("tools")
class DemoMonitoringTest {

    static final Path SCRIPT = Path.of("..", "hack", "demo-monitoring.sh");

    @Test
    void stopLeavesNothingRunning() throws Exception {
        Path runDir = Files.createTempDirectory("demo-monitoring");
        int prometheusPort = Ports.free();
        int exporterPort = Ports.free();
        List<String> env = List.of("env", "MC_RUN_DIR=" + runDir, "DEMO_PROMETHEUS_PORT=" + prometheusPort,
                "DEMO_EXPORTER_PORT=" + exporterPort, "bash", SCRIPT.toString());

        var started = ProcessRunner.run(Duration.ofMinutes(2), with(env, "start"));
        assertThat(started.code()).as(started.output()).isZero();
        assertThat(started.stderr()).contains("demo Prometheus on http://127.0.0.1:" + prometheusPort);
        long prometheus = Long.parseLong(Files.readString(runDir.resolve("prometheus.pid")).trim());
        long exporter = Long.parseLong(Files.readString(runDir.resolve("exporter.pid")).trim());
        try {
            assertThat(alive(prometheus)).isTrue();
            assertThat(alive(exporter)).isTrue();
            assertThat(listens(prometheusPort)).isTrue();

            var stopped = ProcessRunner.run(Duration.ofSeconds(60), with(env, "stop"));
            System.out.printf("[demo-monitoring] stop: %s%n", stopped.stderr().strip());
            assertThat(stopped.code()).as(stopped.output()).isZero();
            assertThat(alive(prometheus)).as("Prometheus stopped").isFalse();
            assertThat(alive(exporter)).as("the exporter stopped").isFalse();
            assertThat(listens(prometheusPort)).isFalse();
            assertThat(listens(exporterPort)).isFalse();
            assertThat(runDir.resolve("prometheus.pid")).doesNotExist();
            assertThat(runDir.resolve("exporter.pid")).doesNotExist();
        } finally {
            ProcessHandle.of(prometheus).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(exporter).ifPresent(ProcessHandle::destroyForcibly);
        }
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
