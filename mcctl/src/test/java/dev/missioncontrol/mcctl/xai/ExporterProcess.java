package dev.missioncontrol.mcctl.xai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `mcctl xai export` from the packaged target/mcctl.jar, as a process of its own, and its metrics read over HTTP. */
final class ExporterProcess implements AutoCloseable {

    static final Pattern PORT = Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics");
    static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    final Process process;
    final Path log;
    final int port;
    final HttpClient http = HttpClient.newHttpClient();

    ExporterProcess(Path config, Path log) throws Exception {
        this.log = log;
        Path jar = Path.of("target/mcctl.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is not built: the process layer runs after package");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx128m", "-jar", jar.toString(), "xai", "export", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Integer found = null;
        while (found == null) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mcctl xai export exited " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mcctl xai export printed no metrics address: " + Files.readString(log));
            }
            Matcher m = PORT.matcher(Files.readString(log));
            Integer last = null;
            while (m.find()) {
                last = Integer.parseInt(m.group(1));
            }
            found = last;
            Thread.sleep(100);
        }
        port = found;
    }

    /** Samples by name and label set, e.g. {@code mc_xai_events_total{tenant="acme",outcome="delivered",bucket="delivered"}}. */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    static double sum(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> {
                    for (String l : labels) {
                        if (!e.getKey().contains(l)) {
                            return false;
                        }
                    }
                    return true;
                }).mapToDouble(Map.Entry::getValue).sum();
    }

    Map<String, Double> awaitMetrics(Predicate<Map<String, Double>> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Double> last = Map.of();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mcctl xai export exited " + process.exitValue() + ": " + Files.readString(log));
            }
            last = metrics();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("metrics did not reach the condition in " + timeout + "; last: " + last + "\nlog: " + Files.readString(log));
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }
}
