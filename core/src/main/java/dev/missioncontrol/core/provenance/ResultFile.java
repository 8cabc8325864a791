package dev.missioncontrol.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source's answer to a federated query, as a gateway hands it to {@code mcctl provenance stitch}: JSON lines, one
 * object per line, exactly these keys:
 * <pre>
 * {"id": "doc-17", "rank": 1, "score": 12.5, "source": "docs", "fields": {"title": "..."}}
 * </pre>
 * {@code id} a non-empty string, unique across every file of one stitch; {@code rank} an integer &gt;= 1 (the source's own
 * order); {@code score} a number; {@code source} the index name as the cohort's plan names it; {@code fields} an object
 * (the row's payload, exported as is). Blank lines are skipped. Every line of one file names the same source (one file
 * per source). Pure parsing: {@link #parse} never reads a file itself, so it can be tested on strings.
 *
 * <p>The item's canonical JSON ({@link Item#canonical()}: keys sorted, no whitespace) is both its row in
 * {@code export.jsonl} and what its subject digest is computed over.
 */
public final class ResultFile {

    static final Set<String> KEYS = Set.of("id", "rank", "score", "source", "fields");

    private ResultFile() {
    }

    /** One result, with where it was read. */
    public record Item(String id, int rank, double score, String source, JsonNode fields, String file, int line, String canonical) {

        /** sha256 (hex) of the canonical JSON: the item's subject digest. */
        public String sha256() {
            return CanonicalJson.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        }

        public String where() {
            return file + ":" + line;
        }
    }

    /** A line that cannot be stitched, with its file and line. */
    public record Problem(String file, int line, String message) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** Thrown with every problem found; nothing is written when it is. */
    public static final class InvalidInput extends IllegalArgumentException {
        private final List<Problem> problems;

        public InvalidInput(List<Problem> problems) {
            super(String.join("\n", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * Parses one file's text. Problems are appended to {@code problems} (the caller throws once every file is read, so all
     * are reported together); {@code seenIds} maps every id read so far to where, for duplicates across files.
     */
    public static List<Item> parse(String file, String text, Map<String, String> seenIds, List<Problem> problems) {
        List<Item> items = new ArrayList<>();
        String fileSource = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = CanonicalJson.MAPPER.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(new Problem(file, n, "malformed JSON: " + e.getOriginalMessage()));
                continue;
            }
            String bad = check(node);
            if (bad != null) {
                problems.add(new Problem(file, n, bad));
                continue;
            }
            String id = node.get("id").asText();
            String source = node.get("source").asText();
            if (fileSource == null) {
                fileSource = source;
            } else if (!fileSource.equals(source)) {
                problems.add(new Problem(file, n, "source " + source + " in a file of source " + fileSource
                        + ": give one result file per source"));
                continue;
            }
            String previous = seenIds.putIfAbsent(id, file + ":" + n);
            if (previous != null) {
                problems.add(new Problem(file, n, "duplicate item id " + id + " (first at " + previous + ")"));
                continue;
            }
            items.add(new Item(id, node.get("rank").asInt(), node.get("score").asDouble(), source, node.get("fields"), file, n,
                    CanonicalJson.write(node)));
        }
        return items;
    }

    /** Null when the object has exactly the keys of a result line with the right types, else what is wrong. */
    static String check(JsonNode node) {
        if (!(node instanceof ObjectNode)) {
            return "not a JSON object";
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                return "unknown key " + k + " (a result line has exactly id, rank, score, source, fields)";
            }
        }
        for (String k : List.of("id", "rank", "score", "source", "fields")) {
            if (!node.has(k)) {
                return "missing " + k;
            }
        }
        if (!node.get("id").isTextual() || node.get("id").asText().isEmpty()) {
            return "id must be a non-empty string";
        }
        if (!node.get("rank").isIntegralNumber() || !node.get("rank").canConvertToInt() || node.get("rank").asInt() < 1) {
            return "rank must be an integer >= 1";
        }
        if (!node.get("score").isNumber() || !Double.isFinite(node.get("score").asDouble())) {
            return "score must be a number";
        }
        if (!node.get("source").isTextual() || node.get("source").asText().isEmpty()) {
            return "source must be a non-empty string (the index name in the plan)";
        }
        if (!node.get("fields").isObject()) {
            return "fields must be an object";
        }
        return null;
    }

    /** A fresh map for {@link #parse}'s duplicate detection. */
    public static Map<String, String> ids() {
        return new HashMap<>();
    }
}
