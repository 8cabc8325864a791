package dev.missioncontrol.mcctl.xai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.time.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The exporter's configuration file (JSON; the operator writes it into the exporter's ConfigMap):
 * <pre>{"sourceDir": "/var/lib/xai/events", "sinkUrl": "https://sink.example/v1/explanations",
 *  "stateDir": "/var/lib/xai/state", "deadLetterDir": "/var/lib/xai/dead-letter", "metricsAddress": "0.0.0.0:9464",
 *  "tenants": ["acme"], "retry": {"initial": "1s", "max": "30s", "total": "5m"},
 *  "attemptTimeout": "10s", "maxEventBytes": 65536, "pollInterval": "500ms", "exportName": "ns/name"}</pre>
 * exportName, when set, labels every metric sample ({@code xai_export}), so Prometheus queries select this exporter.
 */
public record ExporterConfig(Path sourceDir, URI sinkUrl, Path stateDir, Path deadLetterDir, String metricsHost, int metricsPort,
        Set<String> tenants, BackoffSchedule backoff, Duration attemptTimeout, int maxEventBytes, Duration pollInterval, String exportName) {

    public static final String DEFAULT_METRICS_ADDRESS = "0.0.0.0:9464";
    public static final int DEFAULT_MAX_EVENT_BYTES = 65536;

    public static ExporterConfig read(Path file) throws IOException {
        return of(new ObjectMapper().readTree(file.toFile()));
    }

    public static ExporterConfig of(JsonNode n) {
        URI sink = URI.create(required(n, "sinkUrl"));
        if (!"http".equals(sink.getScheme()) && !"https".equals(sink.getScheme())) {
            throw new IllegalArgumentException("sinkUrl: must be http or https, not " + sink);
        }
        String address = n.path("metricsAddress").asText(DEFAULT_METRICS_ADDRESS);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("metricsAddress: host:port, not " + address);
        }
        Set<String> tenants = new LinkedHashSet<>();
        n.path("tenants").forEach(t -> tenants.add(t.asText()));
        JsonNode retry = n.path("retry");
        BackoffSchedule backoff = new BackoffSchedule(Durations.parse(retry.path("initial").asText("1s")),
                Durations.parse(retry.path("max").asText("30s")), Durations.parse(retry.path("total").asText("5m")));
        return new ExporterConfig(Path.of(required(n, "sourceDir")), sink, Path.of(required(n, "stateDir")),
                Path.of(required(n, "deadLetterDir")), address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                Set.copyOf(tenants), backoff, Durations.parse(n.path("attemptTimeout").asText("10s")),
                n.path("maxEventBytes").asInt(DEFAULT_MAX_EVENT_BYTES), Durations.parse(n.path("pollInterval").asText("500ms")),
                n.hasNonNull("exportName") ? n.get("exportName").asText() : null);
    }

    private static String required(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return v;
    }
}
