package dev.missioncontrol.core.metering;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;

/**
 * One tenant's usage for one window, signed by the operator as a DSSE envelope; the receipt the exporter records
 * when it has delivered the envelope to the export volume; and the compact record the operator archives.
 */
public final class UsageExports {

    public static final String PAYLOAD_TYPE = "application/vnd.missioncontrol.usage+json";
    /** Default PromQL of the exporter: the usage store's counter, as billing charges it. */
    public static final String DEFAULT_USAGE_QUERY = "sum(increase(usage_store_units_total{tenant=\"{{tenant}}\"}[{{window}}]))";
    /** Default PromQL the operator compares with: the metering pipeline's own counter. */
    public static final String DEFAULT_METERED_QUERY = "sum(increase(metering_usage_units_total{tenant=\"{{tenant}}\"}[{{window}}]))";

    private UsageExports() {
    }

    /** How a total was established: measured by the usage query (a series existed), or attested zero by a person. */
    public static final String MEASURED = "measured";
    public static final String ATTESTED_ZERO = "attested-zero";

    /**
     * The signed payload. {@code exportedAt} is when the operator signed it; {@code basis} is {@value #MEASURED} or
     * {@value #ATTESTED_ZERO}: a window without a series is never signed as measured. {@code attestedBy} is present
     * only for an attested zero: the user the API server authenticated when the attestation was made (the admission
     * policy holds the annotation to request.userInfo.username).
     */
    @JsonPropertyOrder({"tenant", "window", "windowStart", "windowEnd", "total", "unit", "query", "exportedAt", "basis", "attestedBy"})
    public record Usage(String tenant, String window, String windowStart, String windowEnd, double total, String unit,
            String query, String exportedAt, String basis,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String attestedBy) {

        /** A measured total: a series existed. */
        public static Usage measured(String tenant, String window, String windowStart, String windowEnd, double total, String unit,
                String query, String exportedAt) {
            return new Usage(tenant, window, windowStart, windowEnd, total, unit, query, exportedAt, MEASURED, null);
        }

        /** A zero a person attested: no series existed, and {@code attestedBy} said the usage truly was zero. */
        public static Usage attestedZero(String tenant, String window, String windowStart, String windowEnd, String unit,
                String query, String exportedAt, String attestedBy) {
            return new Usage(tenant, window, windowStart, windowEnd, 0.0, unit, query, exportedAt, ATTESTED_ZERO,
                    java.util.Objects.requireNonNull(attestedBy, "attestedBy"));
        }
    }

    @JsonPropertyOrder({"window", "tenant", "total", "digest", "keyid", "file"})
    public record Receipt(String window, String tenant, double total, String digest, String keyid, String file) {
    }

    /** The export file's bytes: exactly what the operator signs, hands to the exporter and records the digest of. */
    public static byte[] fileBytes(Dsse.Envelope envelope) {
        try {
            return (FILE_JSON.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper FILE_JSON = dev.missioncontrol.core.json.RenderedJson.indented();

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
