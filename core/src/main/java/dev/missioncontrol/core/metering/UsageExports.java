package dev.missioncontrol.core.metering;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;

/** One tenant's usage for one window, signed as a DSSE envelope; and the receipt that records it. */
public final class UsageExports {

    public static final String PAYLOAD_TYPE = "application/vnd.missioncontrol.usage+json";
    /** Default PromQL of the exporter: the usage store's counter, as billing charges it. */
    public static final String DEFAULT_USAGE_QUERY = "sum(increase(usage_store_units_total{tenant=\"{{tenant}}\"}[{{window}}]))";
    /** Default PromQL the operator compares with: the metering pipeline's own counter. */
    public static final String DEFAULT_METERED_QUERY = "sum(increase(metering_usage_units_total{tenant=\"{{tenant}}\"}[{{window}}]))";

    private UsageExports() {
    }

    @JsonPropertyOrder({"tenant", "window", "windowStart", "windowEnd", "total", "unit", "query", "exportedAt"})
    public record Usage(String tenant, String window, String windowStart, String windowEnd, double total, String unit,
            String query, String exportedAt) {
    }

    @JsonPropertyOrder({"window", "tenant", "total", "digest", "keyid", "file"})
    public record Receipt(String window, String tenant, double total, String digest, String keyid, String file) {
    }

    public static String fileName(String tenant, Instant start) {
        return tenant + "/" + UsageWindows.id(start) + ".usage.json";
    }

    public static Dsse.Envelope sign(Usage usage, PrivateKey key, String keyId) {
        return Dsse.sign(PAYLOAD_TYPE, CanonicalJson.write(usage).getBytes(StandardCharsets.UTF_8), key, keyId);
    }

    /** SHA-256 of the exported file's bytes, as recorded in the receipt. */
    public static String digest(byte[] file) {
        return CanonicalJson.sha256Hex(file);
    }
}
