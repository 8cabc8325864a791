package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged operator (target/quarkus-app/quarkus-run.jar) as a real child process that a test can kill. */
public final class OperatorProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path log;
    private final int port;
    private final String name;

    private OperatorProcess(Process process, Path log, int port, String name) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.name = name;
    }

    public static OperatorProcess start(String name, String... systemProperties) throws IOException {
        var builder = builder(name);
        for (String p : systemProperties) {
            builder.jvmArg(p);
        }
        return builder.start();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** How to launch one operator process: which java and jar (the build's, or an image's), its env and JVM flags. */
    public static final class Builder {
        /** How many times {@link #start()} launches an operator that keeps exiting while it starts. */
        static final int LAUNCHES = 4;
        private String name;
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private Path jar = JAR;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder java(Path java) {
            this.java = java;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Starts the process and returns once /q/health/ready answers 200 (every informer has synced). */
        /**
         * Launches the operator and waits until it is ready: every informer has synced, so it is reconciling (or, a
         * follower, could) from then on. A process that exits by itself while starting (on a loaded machine an
         * informer's first list can time out, and the operator exits so that its pod restarts) is launched again, as
         * a kubelet would, up to {@value #LAUNCHES} times; its log stays beside the next one's.
         */
        public OperatorProcess start() throws IOException {
            String first = name;
            for (int attempt = 1; ; attempt++) {
                var operator = launch();
                try {
                    Ports.awaitHttpOk(operator.url("/q/health/ready"), Duration.ofSeconds(90), operator.process, "operator " + name);
                    return operator;
                } catch (IllegalStateException exited) {
                    if (operator.isAlive() || attempt == LAUNCHES) {
                        throw exited;
                    }
                    System.out.printf("[operator] %s exited by itself while starting (see %s); launching it again%n", name, operator.log());
                    name = first + "-" + (attempt + 1);
                }
            }
        }

        /** Starts the process without waiting for anything. */
        public OperatorProcess launch() throws IOException {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar.toAbsolutePath() + " not built: integration tests run after `mvn package`");
            }
            int port = Ports.free();
            Path log = Path.of("target", "operator-" + name + ".log");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Dquarkus.http.port=" + port));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString()));
            var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new OperatorProcess(pb.start(), log, port, name);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** GET a health endpoint: its status code and JSON body, or code -1 while nothing listens. */
    public Health health(String path) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            var r = http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Health(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Health(int code, String body) {
    }

    /** SIGKILL: no shutdown hook runs, exactly like a node failure or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as the kubelet sends it, then waits for the exit; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("operator " + name + " did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Sends SIGTERM without waiting. */
    public void signalTerm() {
        process.destroy();
    }

    /** Waits for the process to exit; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("operator " + name + " still running after " + timeout);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
