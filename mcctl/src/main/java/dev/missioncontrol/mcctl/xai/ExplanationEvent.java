package dev.missioncontrol.mcctl.xai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One explanation event: a JSON object on one line of a source file (docs/explanationexport.md#the-event-format).
 * <pre>{"id":"e-1","tenant":"acme","time":"2026-11-30T12:00:00Z","model":"ranker-v3",
 *  "explanation":{...},"counterfactualHints":["..."],"optOut":false}</pre>
 * id, tenant, time (RFC 3339), model and explanation (an object or a string) are required; counterfactualHints (an
 * array of strings) and optOut (a boolean) default to none and false.
 */
public record ExplanationEvent(String id, String tenant, Instant time, String model, boolean hints, boolean optOut, String line) {

    public static final String UNKNOWN_TENANT = "unknown";
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A line that is not an event: where it goes and why. */
    public record Rejected(String id, String tenant, String bucket, String detail, String line) {
    }

    /** An event, or why the line is not one. */
    public sealed interface Parsed permits Ok, Bad {
    }

    public record Ok(ExplanationEvent event) implements Parsed {
    }

    public record Bad(Rejected rejected) implements Parsed {
    }

    /**
     * Reads one line. {@code lineId} names the line when it carries no usable id (file and line number), so a malformed
     * line is counted once however often the file is read. Buckets: too_large, malformed, schema, unknown_tenant.
     */
    public static Parsed parse(String line, String lineId, int maxBytes, Set<String> tenants) {
        if (line.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return bad(lineId, UNKNOWN_TENANT, "too_large", "line longer than " + maxBytes + " bytes", "");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            return bad(lineId, UNKNOWN_TENANT, "malformed", "not JSON: " + firstLine(e.getMessage()), line);
        }
        if (node == null || !node.isObject()) {
            return bad(lineId, UNKNOWN_TENANT, "malformed", "not a JSON object", line);
        }
        String id = text(node, "id");
        boolean idUsable = id != null && ID.matcher(id).matches();
        String key = idUsable ? id : lineId;
        String tenant = text(node, "tenant");
        String tenantLabel = tenant != null && tenants.contains(tenant) ? tenant : UNKNOWN_TENANT;
        if (!idUsable) {
            return bad(key, tenantLabel, "schema", "id: a string of letters, digits, '.', '_', ':', '-' (at most 200) is required", line);
        }
        if (tenant == null || tenant.isBlank()) {
            return bad(key, tenantLabel, "schema", "tenant: a string is required", line);
        }
        if (!tenants.isEmpty() && !tenants.contains(tenant)) {
            return bad(key, UNKNOWN_TENANT, "unknown_tenant", "tenant " + tenant + " is not one of the exporter's tenants", line);
        }
        String time = text(node, "time");
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            return bad(key, tenant, "schema", "time: an RFC 3339 time is required", line);
        }
        String model = text(node, "model");
        if (model == null || model.isBlank()) {
            return bad(key, tenant, "schema", "model: a string is required", line);
        }
        JsonNode explanation = node.get("explanation");
        if (explanation == null || !(explanation.isObject() || explanation.isTextual())) {
            return bad(key, tenant, "schema", "explanation: an object or a string is required", line);
        }
        JsonNode hints = node.get("counterfactualHints");
        if (hints != null && !hints.isNull()) {
            if (!hints.isArray()) {
                return bad(key, tenant, "schema", "counterfactualHints: an array of strings", line);
            }
            for (JsonNode h : hints) {
                if (!h.isTextual()) {
                    return bad(key, tenant, "schema", "counterfactualHints: an array of strings", line);
                }
            }
        }
        JsonNode optOut = node.get("optOut");
        if (optOut != null && !optOut.isNull() && !optOut.isBoolean()) {
            return bad(key, tenant, "schema", "optOut: a boolean", line);
        }
        boolean hasHints = hints != null && hints.isArray() && hints.size() > 0;
        return new Ok(new ExplanationEvent(id, tenant, at, model, hasHints, optOut != null && optOut.asBoolean(false), line));
    }

    private static Bad bad(String id, String tenant, String bucket, String detail, String line) {
        return new Bad(new Rejected(id, tenant, bucket, detail, line));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
