package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real Prometheus (Debian's package) scraping the given targets every second, on a free loopback port. */
public final class PrometheusServer implements AutoCloseable {

    public static final String BINARY = System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus");

    private Process process;
    private final Path dir;
    private final int port;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static PrometheusServer start(String... targets) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " not found: install Debian's prometheus package (`make test` and .ci/run do)");
        }
        Path dir = Files.createTempDirectory("prometheus-");
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: search-gateway
                    static_configs:
                      - targets: [""");
        config.append(String.join(", ", Stream.of(targets).map(t -> "'" + t + "'").toList())).append("]\n");
        Files.writeString(dir.resolve("prometheus.yml"), config.toString());
        int port = Ports.free();
        var server = new PrometheusServer(launch(dir, port), dir, port);
        Ports.awaitHttpOk(server.address() + "/-/ready", Duration.ofSeconds(30), server.process, "prometheus");
        return server;
    }

    private static Process launch(Path dir, int port) throws IOException {
        return new ProcessBuilder(BINARY,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
                .start();
    }

    /** An outage: SIGTERM and wait for the exit; queries are refused until {@link #restart()}. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** After {@link #stop()}: the same configuration, data and port; returns once Prometheus answers ready. */
    public void restart() throws IOException {
        process = launch(dir, port);
        Ports.awaitHttpOk(address() + "/-/ready", Duration.ofSeconds(60), process, "prometheus (restarted)");
    }

    public String address() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
