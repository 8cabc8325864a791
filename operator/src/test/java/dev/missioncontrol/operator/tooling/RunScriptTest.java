package dev.missioncontrol.operator.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make run` (hack/run.sh) leaves nothing running when the operator exits: not the demo Prometheus and exporter, not
 * the log tail, not a wait on the examples. The script runs for real (its demo Prometheus and exporter are the real
 * ones) against stand-ins for what needs a cluster: a kubectl that answers every command (its `wait` takes FAKE_WAIT
 * seconds), tool binaries that do nothing, and a `java` that serves /q/health/ready as the operator would.
 */
@Tag("tools")
class RunScriptTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void theOperatorExitingWhileRunningStopsEverythingItStarted() throws Exception {
        var run = start("0.2");
        awaitOutput(run, "operator running");
        Started started = started(run);
        long sink = pid(tmp.resolve("run/xai-sink.pid"));
        long tail = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("tail")
                && p.info().commandLine().orElse("").contains(tmp.toString())).findFirst().orElseThrow().pid();

        ProcessHandle.of(started.operator()).orElseThrow().destroyForcibly();
        Instant killed = Instant.now();
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).as("run.sh ends when the operator exits: %s", output(run)).isTrue();
        System.out.printf("[run.sh] operator killed; run.sh exited %d after %d ms%n", run.process().exitValue(),
                Duration.between(killed, Instant.now()).toMillis());
        assertGone(Map.of("operator", started.operator(), "prometheus", started.prometheus(), "exporter", started.exporter(), "tail", tail,
                "sample ExplanationExport sink", sink));
        assertThat(tmp.resolve("run/prometheus.pid")).doesNotExist();
    }

    @Test
    void theOperatorExitingWhileTheExamplesAreOnTheirWayEndsTheWaitAtOnce() throws Exception {
        var run = start("120");
        awaitOutput(run, "waiting for every example to reach its goal");
        Started started = started(run);
        ProcessHandle.of(started.operator()).orElseThrow().destroyForcibly();
        Instant killed = Instant.now();
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).as("not the 120 s of the wait: %s", output(run)).isTrue();
        System.out.printf("[run.sh] operator killed while waiting; run.sh exited %d after %d ms%n", run.process().exitValue(),
                Duration.between(killed, Instant.now()).toMillis());
        assertThat(run.process().exitValue()).isNotZero();
        assertThat(output(run)).contains("the operator exited while the examples were on their way");
        assertGone(Map.of("prometheus", started.prometheus(), "exporter", started.exporter()));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(tmp.toString())
                && running(p.pid())).map(p -> p.info().commandLine().orElse("")).toList()).as("nothing of this run left").isEmpty();
    }

    /** Whatever a failing run left: the processes whose pid files or command lines are this test's. */
    @AfterEach
    void stopLeftovers() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String f : List.of("fake-operator.pid", "prometheus.pid", "exporter.pid", "xai-sink.pid")) {
            Path file = tmp.resolve("run").resolve(f);
            if (Files.exists(file)) {
                pids.add(pid(file));
            }
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(tmp.toString())).forEach(p -> pids.add(p.pid()));
        // A pid from a file may have been reused since: only what is still this test's stand-in, Prometheus or exporter.
        pids.forEach(pid -> ProcessHandle.of(pid).filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains(tmp.toString()) || line.contains("http.server") || line.contains("search-metrics-exporter.py")
                    || line.contains("xai-demo.py sink");
        }).ifPresent(ProcessHandle::destroyForcibly));
    }

    record Run(Process process, Path output) {
    }

    record Started(long operator, long prometheus, long exporter) {
    }

    private Run start(String fakeWait) throws IOException {
        Path tools = tmp.resolve("tools");
        Path bin = Files.createDirectories(tools.resolve("bin"));
        String versions = Files.readString(ROOT.resolve("hack/versions.env"));
        for (String[] tool : new String[][] {{"kube-apiserver", "KUBERNETES_VERSION"}, {"kube-controller-manager", "KUBERNETES_VERSION"},
                {"kube-scheduler", "KUBERNETES_VERSION"}, {"etcd", "ETCD_VERSION"}, {"kwok", "KWOK_VERSION"}, {"kwokctl", "KWOK_VERSION"},
                {"helm", "HELM_VERSION"}, {"kubeconform", "KUBECONFORM_VERSION"}}) {
            script(bin.resolve(tool[0] + "-" + version(versions, tool[1])), "exit 0\n");
        }
        script(bin.resolve("kubectl-" + version(versions, "KUBERNETES_VERSION")), """
                if [[ " $* " == *" wait "* ]]; then [[ " $* " == *" crd "* ]] && exit 0; exec -a "$0 wait" sleep "$FAKE_WAIT"; fi
                [[ " $* " == *" -f - "* || " $* " == *" -f -" ]] && cat >/dev/null
                exit 0
                """);
        Path crds = Files.createDirectories(tools.resolve("prometheus-operator-crds-" + version(versions, "PROMETHEUS_OPERATOR_VERSION")));
        Files.writeString(crds.resolve(".ready"), "");
        Path www = Files.createDirectories(tmp.resolve("www/q/health"));
        Files.writeString(www.resolve("ready"), "{\"status\": \"UP\"}");
        Path javaDir = Files.createDirectories(tmp.resolve("java"));
        script(javaDir.resolve("java"), """
                port=8080
                for a in "$@"; do [[ "$a" == -Dquarkus.http.port=* ]] && port="${a#*=}"; done
                mkdir -p "$MC_RUN_DIR" && echo $$ > "$MC_RUN_DIR/fake-operator.pid"
                cd "%s" && exec python3 -m http.server "$port" --bind 127.0.0.1
                """.formatted(tmp.resolve("www")));
        Files.writeString(tmp.resolve("kubeconfig"), "");

        Path output = tmp.resolve("run.out");
        var pb = new ProcessBuilder("bash", ROOT.resolve("hack/run.sh").toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        var env = pb.environment();
        env.put("MC_TOOLS_DIR", tools.toString());
        env.put("MC_RUN_DIR", tmp.resolve("run").toString());
        env.put("PATH", javaDir + ":" + System.getenv("PATH"));
        env.put("KUBECONFIG", tmp.resolve("kubeconfig").toString());
        env.put("OPERATOR_HTTP_PORT", String.valueOf(Ports.free()));
        env.put("DEMO_PROMETHEUS_PORT", String.valueOf(Ports.free()));
        env.put("DEMO_EXPORTER_PORT", String.valueOf(Ports.free()));
        env.put("FAKE_WAIT", fakeWait);
        // The sample ExplanationExport exporter (demo-monitoring.sh) runs `java -jar mcctl.jar`: with the stand-in java on
        // PATH it would be a second fake operator. DemoMonitoringTest covers it; here it is not built.
        env.put("MCCTL_JAR", tmp.resolve("mcctl-not-built.jar").toString());
        env.put("DEMO_XAI_SINK_PORT", String.valueOf(Ports.free()));
        env.put("DEMO_XAI_METRICS_PORT", String.valueOf(Ports.free()));
        env.put("DEMO_CACHEWARM_PORT", String.valueOf(Ports.free()));
        env.remove("EXIT_WHEN_READY");
        return new Run(pb.start(), output);
    }

    private Started started(Run run) throws IOException {
        Path dir = tmp.resolve("run");
        return new Started(pid(dir.resolve("fake-operator.pid")), pid(dir.resolve("prometheus.pid")), pid(dir.resolve("exporter.pid")));
    }

    private static void awaitOutput(Run run, String text) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).failFast(() -> !run.process().isAlive())
                .until(() -> output(run).contains(text));
    }

    private static void assertGone(Map<String, Long> processes) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> left = new ArrayList<>();
            processes.forEach((name, pid) -> {
                if (running(pid)) {
                    left.add(name + " (pid " + pid + ")");
                }
            });
            assertThat(left).as("still running after run.sh ended").isEmpty();
        });
    }

    /** Running: the process exists and is not a zombie (exited, not yet reaped by its new parent). */
    static boolean running(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(l -> l.startsWith("State:")).noneMatch(l -> l.contains("Z"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String output(Run run) throws IOException {
        return Files.readString(run.output());
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static String version(String versions, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)").matcher(versions);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
