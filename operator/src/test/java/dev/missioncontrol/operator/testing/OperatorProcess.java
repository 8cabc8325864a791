package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged operator (target/quarkus-app/quarkus-run.jar) as a real child process that a test can kill. */
public final class OperatorProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static OperatorProcess start(String name, String... systemProperties) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " not built: integration tests run after `mvn package`");
        }
        int port = Ports.free();
        Path log = Path.of("target", "operator-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port));
        command.addAll(List.of(systemProperties));
        command.addAll(List.of("-jar", JAR.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var operator = new OperatorProcess(p, log);
        // Ready only once every informer has synced: the operator is reconciling from then on.
        Ports.awaitHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(90), p, "operator " + name);
        return operator;
    }

    /** SIGKILL: no shutdown hook runs, exactly like a node failure or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
