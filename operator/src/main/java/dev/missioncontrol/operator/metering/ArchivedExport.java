package dev.missioncontrol.operator.metering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.missioncontrol.core.metering.UsageWindows;

/**
 * What the operator signed for one tenant and window, as archived in its own namespace: the compact record that
 * outlives the MeteringRotation (total, SHA-256 of the export file's bytes, signing key, basis), plus the signed file
 * itself until the exporter has delivered it (a receipt with this digest came back), after which only the record stays.
 */
@JsonPropertyOrder({"window", "tenant", "total", "digest", "keyid", "basis", "signedAt", "delivered", "file"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchivedExport(String window, String tenant, double total, String digest, String keyid, String basis, String signedAt,
        boolean delivered, String file) {

    public String key() {
        return key(window, tenant);
    }

    public static String key(String window, String tenant) {
        return window + "." + tenant;
    }

    /** The record once its file is delivered: the file leaves the archive (and the pending ConfigMap). */
    public ArchivedExport deliveredNow() {
        return new ArchivedExport(window, tenant, total, digest, keyid, basis, signedAt, true, null);
    }

    /** The window's start, parsed from its id. */
    public java.time.Instant start() {
        return UsageWindows.parseId(window);
    }
}
