package dev.missioncontrol.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One process of the local control plane (kwokctl's binary runtime, `make cluster-up`: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok-controller), which a fault test stops and starts again with the same
 * binary, flags, environment and working directory, read from the running process (/proc) through the pid files
 * kwokctl keeps next to the cluster's kubeconfig. A restarted process's pid goes back into its pid file, so
 * `make cluster-down` still stops it. Use it only on a cluster of your own: every client of that cluster sees the outage.
 */
public final class ControlPlaneProcess {

    public static final String API_SERVER = "kube-apiserver";

    private final String name;
    private final Path clusterDir;
    private final Path pidFile;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private long pid;

    private ControlPlaneProcess(String name, Path clusterDir) throws IOException {
        this.name = name;
        this.clusterDir = clusterDir;
        this.pidFile = clusterDir.resolve("pids").resolve(name + ".pid");
        this.pid = Long.parseLong(Files.readString(pidFile).trim());
        Path proc = Path.of("/proc", String.valueOf(pid));
        if (!Files.isDirectory(proc)) {
            throw new IllegalStateException(name + " (pid " + pid + " in " + pidFile + ") is not running");
        }
        this.command = split(Files.readAllBytes(proc.resolve("cmdline")));
        if (command.isEmpty() || !command.get(0).endsWith(name)) {
            throw new IllegalStateException("pid " + pid + " in " + pidFile + " is not " + name + ": " + command);
        }
        this.environment = new LinkedHashMap<>();
        for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        this.workDir = Files.readSymbolicLink(proc.resolve("cwd"));
    }

    /**
     * Every process of the kwok cluster whose kubeconfig KUBECONFIG names (~/.kwok/clusters/NAME/kubeconfig.yaml), by
     * component name, captured while they run (so one that exits later can still be started again).
     */
    public static Map<String, ControlPlaneProcess> ofKubeconfigCluster() throws IOException {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: run the fault tests with `make test-faults`");
        }
        Path dir = Path.of(kubeconfig).toAbsolutePath().getParent();
        Path pids = dir.resolve("pids");
        if (!Files.isRegularFile(pids.resolve(API_SERVER + ".pid"))) {
            throw new IllegalStateException("no " + pids.resolve(API_SERVER + ".pid") + ": KUBECONFIG=" + kubeconfig + " is not a "
                    + "local control plane started by `make cluster-up` (kwokctl, binary runtime), whose processes a test may stop");
        }
        Map<String, ControlPlaneProcess> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(pids)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                String component = f.getFileName().toString().replaceFirst("\\.pid$", "");
                all.put(component, new ControlPlaneProcess(component, dir));
            }
        }
        return all;
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> parts = new ArrayList<>(Arrays.asList(new String(nulSeparated, StandardCharsets.UTF_8).split("\0")));
        parts.removeIf(String::isEmpty);
        return parts;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    public boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGTERM, as systemd or a kubelet stops it, and waits for the process to exit (SIGKILL after 30 s). */
    public void stop() throws InterruptedException {
        var handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " " + pid + " is not running"));
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /**
     * Starts it again with the same command line, in a session of its own (setsid) so it outlives the test JVM, its
     * output appended to the cluster's log of that component; records the new pid in kwokctl's pid file.
     */
    public void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + pid + ")");
        }
        List<String> line = new ArrayList<>(List.of("setsid"));
        line.addAll(command);
        var builder = new ProcessBuilder(line).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(clusterDir.resolve("logs").resolve(name + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        // setsid execs the program in place (a child of the JVM leads no process group), so this pid is the program's.
        pid = process.pid();
        // kwokctl reads the pid file as a bare number: no newline, or `make cluster-down` leaves the process running.
        Files.writeString(pidFile, String.valueOf(pid));
    }

    /** Waits until the API server behind the client answers /readyz with ok; returns how long that took. */
    public static Duration awaitApiServerReady(KubernetesClient client, Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if ("ok".equals(client.raw("/readyz"))) {
                    return Duration.between(start, Instant.now());
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("kube-apiserver not ready within " + timeout);
    }
}
