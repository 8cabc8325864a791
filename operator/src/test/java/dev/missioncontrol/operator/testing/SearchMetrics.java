package dev.missioncontrol.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway metrics stand-in (hack/search-metrics-exporter.py) as a child process: each tenant's
 * latency, complaint rate and ctr@5 are set here and take effect on the next scrape.
 */
public final class SearchMetrics implements AutoCloseable {

    public static final Path SCRIPT = Path.of("..", "hack", "search-metrics-exporter.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final int port;
    private final Map<String, Map<String, Double>> tenants = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> predictive = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> metering = new LinkedHashMap<>();
    /** The feature label of the predictive service's metrics. */
    public static final String FEATURE = "ranking";

    private SearchMetrics(Process process, Path profile, int port) {
        this.process = process;
        this.profile = profile;
        this.port = port;
    }

    public static SearchMetrics start() throws IOException {
        Path profile = Files.createTempFile("search-metrics-", ".json");
        Files.writeString(profile, "{\"tenants\":{}}");
        int port = Ports.free();
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), "--port", String.valueOf(port), "--profile", profile.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var metrics = new SearchMetrics(p, profile, port);
        Ports.awaitHttpOk("http://127.0.0.1:" + port + "/healthz", Duration.ofSeconds(20), p, "search metrics exporter");
        return metrics;
    }

    public String target() {
        return "127.0.0.1:" + port;
    }

    /** A tenant that meets every gate: p95 about 0.49 s, 0.5 % complaints, ctr@5 0.25 against a 0.20 baseline. */
    public SearchMetrics healthy(String... names) {
        for (String t : names) {
            tenant(t, 0.3, 0.005, 0.25);
        }
        return this;
    }

    public synchronized SearchMetrics tenant(String name, double latencySeconds, double complaintRate, double ctr) {
        tenants.put(name, Map.of("latency", latencySeconds, "complaintRate", complaintRate, "ctr", ctr));
        write();
        return this;
    }

    /** A tenant of the predictive service: share audited, share flagged abusive, share rejected by quota. */
    public synchronized SearchMetrics predictive(String tenant, double auditRatio, double abuseRate, double quotaRejectRate) {
        predictive.put(tenant, Map.of("auditRatio", auditRatio, "abuseRate", abuseRate, "quotaRejectRate", quotaRejectRate));
        write();
        return this;
    }

    /** Healthy predictive tenants: 99.6 % audited, 0.1 % abusive, no quota rejections. */
    public SearchMetrics predictiveHealthy(String... names) {
        for (String t : names) {
            predictive(t, 0.996, 0.001, 0.0);
        }
        return this;
    }

    /** A metered tenant: usage units a second, and the share of them the usage store (the export's source) sees. */
    public synchronized SearchMetrics metering(String tenant, double unitsPerSecond, double exportRatio) {
        metering.put(tenant, Map.of("rate", unitsPerSecond, "exportRatio", exportRatio));
        write();
        return this;
    }

    private void write() {
        try {
            Path tmp = Files.createTempFile(profile.getParent(), "profile", ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(Map.of("rps", 20, "baselineCtr", 0.20, "tenants", tenants,
                    "predictive", Map.of("feature", FEATURE, "tenants", predictive), "metering", Map.of("tenants", metering))));
            Files.move(tmp, profile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            Files.deleteIfExists(profile);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
