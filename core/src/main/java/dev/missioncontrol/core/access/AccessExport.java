package dev.missioncontrol.core.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import dev.missioncontrol.core.audit.KeyRing;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signed export of one review run, a directory of:
 * <ul>
 * <li>{@value #MATRIX_JSON}: one row per line, canonical JSON with its id and sha256 ({@link AccessRow});</li>
 * <li>{@value #MATRIX_CSV}: the same rows, same order, as CSV with the same sha256 column;</li>
 * <li>{@value #DISCREPANCIES}: the walk's disagreements with the authorizer, canonical JSON per line;</li>
 * <li>{@value #DIFF}: row ids new since the last signed review and removed since;</li>
 * <li>{@value #STATEMENT}: an in-toto Statement v1 in a DSSE envelope whose subjects are the four files by SHA-256,
 * signed with the operator's Ed25519 signing core.</li>
 * </ul>
 * Rows are written as they come, namespace by namespace, through digesting streams: memory holds one namespace's rows
 * and the ids (16 hex characters each) needed for the diff.
 */
public final class AccessExport {

    public static final String MATRIX_JSON = "matrix.jsonl";
    public static final String MATRIX_CSV = "matrix.csv";
    public static final String DISCREPANCIES = "discrepancies.jsonl";
    public static final String DIFF = "diff.json";
    public static final String STATEMENT = "statement.dsse.json";
    public static final String STATEMENT_TYPE = InTotoStatement.TYPE;
    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/access-review/v1alpha1";
    public static final List<String> CSV_COLUMNS = List.of("id", "subjectKind", "subjectNamespace", "subject", "verb", "group", "resource",
            "namespace", "resourceNames", "via", "risks", "confirmation", "sha256");

    static final ObjectMapper JSON = new ObjectMapper();

    /** Labels and annotation of a run's index ConfigMap (in the operator's namespace): how the operator finds a review's runs. */
    public static final String INDEX_RUN_LABEL = "missioncontrol.dev/access-review-run";
    public static final String INDEX_PURPOSE_LABEL = "missioncontrol.dev/signing-purpose";
    public static final String INDEX_REVIEW_ANNOTATION = "missioncontrol.dev/access-review";

    private AccessExport() {
    }

    /** What the Statement's predicate says about the run; counts are filled by the writer. */
    @JsonPropertyOrder({"review", "run", "generatedAt", "namespaces", "resources", "verbs", "extraSubjects", "previousRun", "rows",
            "riskyRows", "staleRows", "discrepancies", "newRows", "removedRows", "risks"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Predicate(String review, String run, String generatedAt, List<String> namespaces, List<String> resources,
            List<String> verbs, List<String> extraSubjects, String previousRun, long rows, long riskyRows, long staleRows,
            long discrepancies, long newRows, long removedRows, Map<String, Long> risks) {
    }

    @JsonPropertyOrder({"previousRun", "newRows", "removedRows"})
    public record Diff(String previousRun, List<String> newRows, List<String> removedRows) {
    }

    /** Streams one run's files into a directory, then signs the Statement over them. */
    public static final class Writer implements Closeable {
        private final Path dir;
        private final Map<String, DigestOutputStream> streams = new LinkedHashMap<>();
        private final Map<String, BufferedWriter> writers = new LinkedHashMap<>();
        private final Set<String> previous;
        private final Set<String> seenPrevious = new HashSet<>();
        private final List<String> newRows = new ArrayList<>();
        private final Map<String, Long> risks = new java.util.TreeMap<>();
        private long rows;
        private long risky;
        private long stale;
        private long discrepancies;

        /** @param previous the row ids of the last signed review, or null when there is none */
        public Writer(Path dir, Set<String> previous) throws IOException {
            this.dir = dir;
            this.previous = previous;
            Files.createDirectories(dir);
            for (String f : List.of(MATRIX_JSON, MATRIX_CSV, DISCREPANCIES)) {
                var s = new DigestOutputStream(Files.newOutputStream(dir.resolve(f)), sha256());
                streams.put(f, s);
                writers.put(f, new BufferedWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8)));
            }
            writers.get(MATRIX_CSV).write(String.join(",", CSV_COLUMNS) + "\n");
        }

        public void rows(List<AccessRow> batch) throws IOException {
            BufferedWriter json = writers.get(MATRIX_JSON);
            BufferedWriter csv = writers.get(MATRIX_CSV);
            for (AccessRow row : batch) {
                json.write(row.canonicalLine());
                json.write('\n');
                csv.write(csvLine(row));
                csv.write('\n');
                rows++;
                if (row.risky()) {
                    risky++;
                }
                if (row.stale()) {
                    stale++;
                }
                row.risks().forEach(r -> risks.merge(r, 1L, Long::sum));
                if (previous != null) {
                    String id = row.id();
                    if (previous.contains(id)) {
                        seenPrevious.add(id);
                    } else {
                        newRows.add(id);
                    }
                }
            }
        }

        public void discrepancies(List<Discrepancy> batch) throws IOException {
            BufferedWriter w = writers.get(DISCREPANCIES);
            for (Discrepancy d : batch) {
                w.write(d.canonicalLine());
                w.write('\n');
                discrepancies++;
            }
        }

        /** Closes the files, writes the diff and the signed Statement; returns the predicate as signed. */
        public Predicate finish(Predicate about, PrivateKey key, String keyId) throws IOException {
            close();
            List<String> removed = previous == null ? List.of()
                    : new ArrayList<>(new TreeSet<>(previous.stream().filter(id -> !seenPrevious.contains(id)).toList()));
            Diff diff = new Diff(about.previousRun(), newRows.stream().sorted().toList(), removed);
            Files.writeString(dir.resolve(DIFF), CanonicalJson.write(diff) + "\n");
            Predicate p = new Predicate(about.review(), about.run(), about.generatedAt(), about.namespaces(), about.resources(), about.verbs(),
                    about.extraSubjects(), about.previousRun(), rows, risky, stale, discrepancies,
                    previous == null ? 0 : newRows.size(), removed.size(), risks);
            List<InTotoStatement.Subject> subjects = new ArrayList<>();
            for (String f : List.of(MATRIX_JSON, MATRIX_CSV, DISCREPANCIES, DIFF)) {
                subjects.add(new InTotoStatement.Subject(f, digestOf(f)));
            }
            ObjectNode statement = InTotoStatement.of(subjects, PREDICATE_TYPE, JSON.valueToTree(p));
            Dsse.Envelope env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8), key, keyId);
            Files.writeString(dir.resolve(STATEMENT), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(env) + "\n");
            return p;
        }

        private String digestOf(String f) throws IOException {
            var s = streams.get(f);
            return s != null ? HexFormat.of().formatHex(s.getMessageDigest().digest()) : fileSha256(dir.resolve(f));
        }

        @Override
        public void close() throws IOException {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
    }

    public static String csvLine(AccessRow row) {
        List<String> cells = List.of(row.id(), row.subjectKind(), row.subjectNamespace(), row.subject(), row.verb(), row.group(),
                row.resource(), row.namespace(), String.join(";", row.resourceNames()), String.join(";", row.via()),
                String.join(";", row.risks()), row.confirmation(), row.sha256());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                out.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The outcome of verifying an export directory: every problem found (empty when it verifies) and the signed predicate. */
    public record Verification(List<String> problems, JsonNode predicate, String keyId) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Verifies a directory against a key ring (never a key from the directory): the envelope's signature by a key of the
     * ring, the Statement's shape, each subject file's SHA-256, every row's own sha256, the row count, and that the CSV
     * says what the JSON rows say.
     */
    public static Verification verify(Path dir, KeyRing ring) throws IOException {
        return verify(new Source() {
            @Override
            public boolean exists(String name) {
                return Files.isRegularFile(dir.resolve(name));
            }

            @Override
            public InputStream open(String name) throws IOException {
                return Files.newInputStream(dir.resolve(name));
            }
        }, ring);
    }

    /** The same verification over files held in memory, e.g. the data of a run's index ConfigMap. */
    public static Verification verify(Map<String, String> files, KeyRing ring) throws IOException {
        return verify(new Source() {
            @Override
            public boolean exists(String name) {
                return files.containsKey(name);
            }

            @Override
            public InputStream open(String name) {
                return new java.io.ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8));
            }
        }, ring);
    }

    /** Where an export's files are read from. */
    interface Source {
        boolean exists(String name);

        InputStream open(String name) throws IOException;

        default BufferedReader reader(String name) throws IOException {
            return new BufferedReader(new java.io.InputStreamReader(open(name), StandardCharsets.UTF_8));
        }

        default String sha256(String name) throws IOException {
            MessageDigest md = AccessExport.sha256();
            try (InputStream in = open(name)) {
                byte[] buf = new byte[65536];
                int r;
                while ((r = in.read(buf)) > 0) {
                    md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    static Verification verify(Source src, KeyRing ring) throws IOException {
        List<String> problems = new ArrayList<>();
        Dsse.Envelope env;
        try (InputStream in = src.open(STATEMENT)) {
            env = JSON.readValue(in, Dsse.Envelope.class);
        } catch (IOException | RuntimeException e) {
            return new Verification(List.of(STATEMENT + ": not a DSSE envelope (" + e.getMessage() + ")"), null, null);
        }
        String keyId = KeyRing.signer(env).orElse(null);
        if (keyId == null || ring.find(keyId).isEmpty()) {
            problems.add("signed with key " + keyId + ", which is not in the trusted key ring");
        } else if (!ring.verifies(env)) {
            problems.add("the signature does not verify with key " + keyId + " (statement altered?)");
        }
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(env.payloadType())) {
            problems.add("payloadType is " + env.payloadType() + ", not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
        }
        JsonNode statement;
        try {
            statement = JSON.readTree(env.payloadBytes());
        } catch (IOException | IllegalArgumentException e) {
            problems.add("the payload is not a JSON Statement");
            return new Verification(problems, null, keyId);
        }
        if (!InTotoStatement.hasTypes(statement, PREDICATE_TYPE)) {
            problems.add("not an access-review Statement (_type " + statement.path("_type").asText() + ", predicateType "
                    + statement.path("predicateType").asText() + ")");
        }
        Set<String> named = new HashSet<>();
        for (JsonNode s : statement.path("subject")) {
            String name = s.path("name").asText();
            named.add(name);
            if (!List.of(MATRIX_JSON, MATRIX_CSV, DISCREPANCIES, DIFF).contains(name)) {
                problems.add("the Statement names an unexpected subject " + name);
            } else if (!src.exists(name)) {
                problems.add(name + ": missing");
            } else if (!src.sha256(name).equals(s.path("digest").path("sha256").asText())) {
                problems.add(name + ": its SHA-256 is not the one signed (file altered)");
            }
        }
        for (String f : List.of(MATRIX_JSON, MATRIX_CSV, DISCREPANCIES, DIFF)) {
            if (!named.contains(f)) {
                problems.add("the Statement does not sign " + f);
            }
        }
        JsonNode predicate = statement.path("predicate");
        problems.addAll(rowProblems(src, predicate.path("rows").asLong(-1)));
        return new Verification(problems, predicate, keyId);
    }

    /** Each JSON row's sha256 against its content, the count against the signed count, and each CSV line against its JSON row. */
    private static List<String> rowProblems(Source src, long signedRows) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!src.exists(MATRIX_JSON) || !src.exists(MATRIX_CSV)) {
            return problems;
        }
        long n = 0;
        try (BufferedReader rj = src.reader(MATRIX_JSON); BufferedReader rc = src.reader(MATRIX_CSV)) {
            String header = rc.readLine();
            if (!String.join(",", CSV_COLUMNS).equals(header)) {
                problems.add(MATRIX_CSV + ": header is not " + String.join(",", CSV_COLUMNS));
            }
            String line;
            while ((line = rj.readLine()) != null) {
                n++;
                String csvLine = rc.readLine();
                AccessRow row;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                    row = JSON.treeToValue(withoutDerived(node), AccessRow.class);
                } catch (IOException | IllegalArgumentException | ClassCastException e) {
                    problems.add(MATRIX_JSON + " line " + n + ": not a row");
                    continue;
                }
                if (!row.sha256().equals(node.path("sha256").asText()) || !row.id().equals(node.path("id").asText())) {
                    problems.add(MATRIX_JSON + " line " + n + " (row " + node.path("id").asText() + "): its content does not match its sha256 (cell edited)");
                }
                if (csvLine == null) {
                    problems.add(MATRIX_CSV + ": ends before row " + n + " (row removed)");
                } else if (!csvLine.equals(csvLine(row))) {
                    problems.add(MATRIX_CSV + " line " + (n + 1) + " (row " + row.id() + "): does not say what the JSON row says (cell edited)");
                }
            }
            if (rc.readLine() != null) {
                problems.add(MATRIX_CSV + ": has more rows than " + MATRIX_JSON);
            }
        }
        if (signedRows >= 0 && n != signedRows) {
            problems.add(MATRIX_JSON + ": " + n + " rows, the Statement signs " + signedRows + " (row removed or added)");
        }
        return problems;
    }

    private static JsonNode withoutDerived(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove("id");
        copy.remove("sha256");
        return copy;
    }

    /** The row ids of an export (to diff the next run against), read line by line. */
    public static Set<String> rowIds(Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve(MATRIX_JSON))) {
            String line;
            while ((line = r.readLine()) != null) {
                ids.add(JSON.readTree(line).path("id").asText());
            }
        }
        return ids;
    }

    public static String fileSha256(Path f) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
