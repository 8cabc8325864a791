package dev.missioncontrol.operator.accessreview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.KeyRing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a review as its index ConfigMap holds it (written by `mcctl access-review export --index-configmap`), read
 * only once its Statement verifies with the review's key ring: what status reports is what was signed.
 *
 * @param rows the rows (null when the files were too large for the ConfigMap and stayed on the export volume only)
 */
public record ReviewRun(String id, String exportedAt, JsonNode predicate, String statementSha256, String index, List<Row> rows,
        List<Discrepancy> discrepancies) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A row as status needs it: its id, its namespace (the owner of a gap) and, for people, who may do what. */
    public record Row(String id, String namespace, String access) {
    }

    public record Discrepancy(String type, String row, String subject, String verb, String resource, String namespace) {
    }

    public long count(String field) {
        return predicate.path(field).asLong();
    }

    /** The run in an index ConfigMap's data, if its Statement and files verify with {@code ring}; otherwise why not. */
    public static Result read(String index, Map<String, String> data, KeyRing ring) {
        if (data == null || !data.containsKey(AccessExport.STATEMENT)) {
            return Result.rejected(index + " holds no " + AccessExport.STATEMENT);
        }
        try {
            boolean files = data.containsKey(AccessExport.MATRIX_JSON);
            JsonNode predicate;
            if (files) {
                var v = AccessExport.verify(data, ring);
                if (!v.ok()) {
                    return Result.rejected(index + " does not verify: " + String.join("; ", v.problems()));
                }
                predicate = v.predicate();
            } else {
                // the files stayed on the export volume: only the signed Statement is here, and it must verify
                var env = JSON.readValue(data.get(AccessExport.STATEMENT), dev.missioncontrol.core.audit.Dsse.Envelope.class);
                if (!ring.verifies(env)) {
                    return Result.rejected(index + ": its Statement is not signed by the review's key");
                }
                predicate = JSON.readTree(env.payloadBytes()).path("predicate");
            }
            List<Row> rows = files ? rows(data.get(AccessExport.MATRIX_JSON)) : null;
            List<Discrepancy> discrepancies = new ArrayList<>();
            if (data.containsKey(AccessExport.DISCREPANCIES)) {
                for (String line : data.get(AccessExport.DISCREPANCIES).split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode d = JSON.readTree(line);
                        discrepancies.add(new Discrepancy(d.path("type").asText(), d.path("row").asText(), d.path("subject").asText(),
                                d.path("verb").asText(), d.path("group").asText() + "/" + d.path("resource").asText(), d.path("namespace").asText()));
                    }
                }
            }
            String sha = CanonicalJson.sha256Hex(data.get(AccessExport.STATEMENT).getBytes(StandardCharsets.UTF_8));
            return new Result(Optional.of(new ReviewRun(predicate.path("run").asText(), predicate.path("generatedAt").asText(), predicate, sha,
                    index, rows, discrepancies)), null);
        } catch (IOException | RuntimeException e) {
            return Result.rejected(index + " is not a readable export: " + e.getMessage());
        }
    }

    private static List<Row> rows(String jsonl) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(jsonl))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String subject = n.path("subjectKind").asText() + ":" + (n.path("subjectNamespace").asText().isEmpty() ? ""
                        : n.path("subjectNamespace").asText() + "/") + n.path("subject").asText();
                rows.add(new Row(n.path("id").asText(), n.path("namespace").asText(), subject + " " + n.path("verb").asText() + " "
                        + n.path("group").asText() + "/" + n.path("resource").asText()));
            }
        }
        return rows;
    }

    /** A verified run, or why an index was not taken. */
    public record Result(Optional<ReviewRun> run, String problem) {
        static Result rejected(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}
