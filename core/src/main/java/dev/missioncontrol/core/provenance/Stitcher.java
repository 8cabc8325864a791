package dev.missioncontrol.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stitches one federated export: pure, no I/O. From the sources' result files ({@link ResultFile}), the cohort's plan
 * chain (its head decides) and a signing key it makes the files of a {@link ProvenanceBundle}:
 * <ul>
 * <li>items of a source the plan blocks are removed, each logged with the deciding clause and the file and line it came from;
 * so are items of a source whose license is not {@code Verified} with a pinned text hash (clause
 * {@code License<state>}), since no verifier would accept them;</li>
 * <li>demoted items follow every blended one, each logged; both groups ordered by rank, then score (highest first), then
 * source and id;</li>
 * <li>sources the plan blends or demotes that have no result file are named in the partial label;</li>
 * <li>a result line naming a source that is not in the plan, a duplicate id, a malformed line, and a plan chain that is not a
 * chain are errors ({@link ResultFile.InvalidInput}, every problem with file and line): nothing is made.</li>
 * </ul>
 */
public final class Stitcher {

    public static final String BLEND = "Blend";
    public static final String DEMOTE = "Demote";
    public static final String VERIFIED = "Verified";

    private Stitcher() {
    }

    /** A plan statement as read from a chain file: the envelope, its stored line, its predicate, where. */
    public record PlanLink(Dsse.Envelope envelope, String canonical, PlanStatement.Predicate predicate, String where) {

        public String digest() {
            return CanonicalJson.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a stitch made: the bundle's files and a summary for the command to print. */
    public record Result(Map<String, byte[]> files, int exported, int removed, int demoted, List<String> missingSources) {

        public boolean partial() {
            return !missingSources.isEmpty();
        }
    }

    /**
     * Reads a plan chain: one canonical envelope per line (blank lines skipped), oldest first, each linking to the one
     * before by {@code previous}. Problems go to {@code problems} with the line.
     */
    public static List<PlanLink> readChain(String file, String text, List<ResultFile.Problem> problems) {
        List<PlanLink> chain = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            var envelope = PlanStatement.envelope(line);
            var predicate = envelope.flatMap(PlanStatement::statement).flatMap(PlanStatement::predicate);
            if (predicate.isEmpty()) {
                problems.add(new ResultFile.Problem(file, i + 1, "not a plan statement envelope (DSSE, predicateType "
                        + PlanStatement.PREDICATE_TYPE + ")"));
                continue;
            }
            PlanLink link = new PlanLink(envelope.get(), PlanStatement.canonical(envelope.get()), predicate.get(), file + ":" + (i + 1));
            if (!chain.isEmpty() && !chain.get(chain.size() - 1).digest().equals(link.predicate().previous())) {
                problems.add(new ResultFile.Problem(file, i + 1, "previous " + link.predicate().previous()
                        + " is not the digest of the statement before it (" + chain.get(chain.size() - 1).digest() + ")"));
            }
            chain.add(link);
        }
        if (chain.isEmpty() && problems.isEmpty()) {
            problems.add(new ResultFile.Problem(file, 1, "no plan statement: write the chain with `mcctl provenance plan`"));
        }
        return chain;
    }

    /**
     * Stitches. {@code resultFiles}: file name to text, in the order given; {@code chainFile}/{@code chainText}: the plan
     * chain.
     *
     * @throws ResultFile.InvalidInput with every problem when an input cannot be stitched
     */
    public static Result stitch(Map<String, String> resultFiles, String chainFile, String chainText, PrivateKey key, String keyId,
            Instant stitchedAt) {
        List<ResultFile.Problem> problems = new ArrayList<>();
        List<PlanLink> chain = readChain(chainFile, chainText, problems);
        if (!problems.isEmpty()) {
            throw new ResultFile.InvalidInput(problems);
        }
        PlanLink head = chain.get(chain.size() - 1);
        Map<String, PlanStatement.Source> plan = new LinkedHashMap<>();
        head.predicate().sources().forEach(s -> plan.put(s.index(), s));

        Map<String, String> ids = ResultFile.ids();
        Map<String, String> answered = new TreeMap<>();
        List<ResultFile.Item> items = new ArrayList<>();
        for (var f : resultFiles.entrySet()) {
            List<ResultFile.Item> read = ResultFile.parse(f.getKey(), f.getValue(), ids, problems);
            if (read.isEmpty()) {
                continue;
            }
            ResultFile.Item first = read.get(0);
            if (!plan.containsKey(first.source())) {
                problems.add(new ResultFile.Problem(first.file(), first.line(), "unknown source " + first.source() + ": the plan of cohort "
                        + head.predicate().cohort().namespace() + "/" + head.predicate().cohort().name() + " has sources "
                        + String.join(", ", plan.keySet())));
                continue;
            }
            String other = answered.putIfAbsent(first.source(), first.where());
            if (other != null) {
                problems.add(new ResultFile.Problem(first.file(), first.line(), "a second result file of source " + first.source()
                        + " (the first is at " + other + "): give one result file per source"));
                continue;
            }
            items.addAll(read);
        }
        if (!problems.isEmpty()) {
            throw new ResultFile.InvalidInput(problems);
        }

        Comparator<ResultFile.Item> order = Comparator.comparingInt(ResultFile.Item::rank)
                .thenComparing(Comparator.comparingDouble(ResultFile.Item::score).reversed())
                .thenComparing(ResultFile.Item::source).thenComparing(ResultFile.Item::id);
        List<ResultFile.Item> blended = new ArrayList<>();
        List<ResultFile.Item> demoted = new ArrayList<>();
        List<ObjectNode> log = new ArrayList<>();
        for (ResultFile.Item item : items) {
            PlanStatement.Source s = plan.get(item.source());
            String blocking = blockingClause(s);
            if (blocking != null) {
                log.add(logEntry("removed", item, s, blocking));
            } else if (DEMOTE.equals(s.decision())) {
                demoted.add(item);
                log.add(logEntry("demoted", item, s, s.decidingClause() == null ? DEMOTE : s.decidingClause()));
            } else {
                blended.add(item);
            }
        }
        blended.sort(order);
        demoted.sort(order);
        List<ResultFile.Item> exported = new ArrayList<>(blended);
        exported.addAll(demoted);
        log.sort(Comparator.comparing((ObjectNode o) -> o.path("file").asText()).thenComparingInt(o -> o.path("line").asInt()));

        Map<String, byte[]> files = new TreeMap<>();
        StringBuilder export = new StringBuilder();
        exported.forEach(i -> export.append(i.canonical()).append('\n'));
        byte[] exportBytes = export.toString().getBytes(StandardCharsets.UTF_8);
        files.put(ProvenanceBundle.EXPORT, exportBytes);
        StringBuilder logText = new StringBuilder();
        log.forEach(o -> logText.append(CanonicalJson.write(o)).append('\n'));
        files.put(ProvenanceBundle.LOG, logText.toString().getBytes(StandardCharsets.UTF_8));

        Set<String> missing = new TreeSet<>();
        plan.values().stream().filter(s -> (BLEND.equals(s.decision()) || DEMOTE.equals(s.decision())) && !answered.containsKey(s.index()))
                .forEach(s -> missing.add(s.index()));
        ObjectNode label = CanonicalJson.MAPPER.createObjectNode();
        label.put("partial", !missing.isEmpty());
        missing.forEach(label.putArray("missingSources")::add);
        files.put(ProvenanceBundle.LABEL, (CanonicalJson.write(label) + "\n").getBytes(StandardCharsets.UTF_8));

        String at = DateTimeFormatter.ISO_INSTANT.format(stitchedAt.truncatedTo(ChronoUnit.SECONDS));
        Map<String, List<ResultFile.Item>> bySource = new TreeMap<>();
        exported.forEach(i -> bySource.computeIfAbsent(i.source(), k -> new ArrayList<>()).add(i));
        ArrayNode dependencies = CanonicalJson.MAPPER.createArrayNode();
        for (var e : bySource.entrySet()) {
            PlanStatement.Source s = plan.get(e.getKey());
            List<InTotoStatement.Subject> subjects = e.getValue().stream().map(i -> new InTotoStatement.Subject(i.id(), i.sha256())).toList();
            ObjectNode p = CanonicalJson.MAPPER.createObjectNode();
            p.put("index", s.index());
            p.put("endpoint", s.endpoint());
            p.put("spdxId", s.spdxId());
            p.put("licenseListVersion", s.licenseListVersion());
            p.put("textSha256", s.textSha256());
            p.put("decision", s.decision());
            if (s.decidingClause() != null) {
                p.put("decidingClause", s.decidingClause());
            }
            p.put("items", subjects.size());
            String canonical = sign(InTotoStatement.of(subjects, ProvenanceBundle.SOURCE_PREDICATE_TYPE, p), key, keyId);
            String name = ProvenanceBundle.sourceFile(s.index());
            files.put(name, canonical.getBytes(StandardCharsets.UTF_8));
            dependencies.add(dependency(name, canonical));
        }
        files.put(ProvenanceBundle.PLAN, head.canonical().getBytes(StandardCharsets.UTF_8));
        dependencies.add(dependency(ProvenanceBundle.PLAN, head.canonical()));
        StringBuilder chainOut = new StringBuilder();
        chain.forEach(l -> chainOut.append(l.canonical()).append('\n'));
        files.put(ProvenanceBundle.PLAN_CHAIN, chainOut.toString().getBytes(StandardCharsets.UTF_8));

        ObjectNode p = CanonicalJson.MAPPER.createObjectNode();
        p.set("cohort", CanonicalJson.MAPPER.valueToTree(head.predicate().cohort()));
        p.set("dependencies", dependencies);
        p.put("partial", !missing.isEmpty());
        missing.forEach(p.putArray("missingSources")::add);
        p.put("rows", exported.size());
        p.put("removed", (int) log.stream().filter(o -> "removed".equals(o.path("action").asText())).count());
        p.put("demoted", demoted.size());
        p.put("stitchedAt", at);
        String stitch = sign(InTotoStatement.of(ProvenanceBundle.EXPORT, CanonicalJson.sha256Hex(exportBytes),
                ProvenanceBundle.STITCH_PREDICATE_TYPE, p), key, keyId);
        files.put(ProvenanceBundle.STITCH, stitch.getBytes(StandardCharsets.UTF_8));
        return new Result(files, exported.size(), exported.size() == items.size() ? 0 : items.size() - exported.size(), demoted.size(),
                List.copyOf(missing));
    }

    /** The clause that keeps a source's items out of an export, null when they may be exported. */
    static String blockingClause(PlanStatement.Source s) {
        if (!BLEND.equals(s.decision()) && !DEMOTE.equals(s.decision())) {
            return s.decidingClause() != null ? s.decidingClause() : s.decision();
        }
        if (!VERIFIED.equals(s.licenseState()) || s.textSha256() == null) {
            return "License" + (s.licenseState() == null ? "Unpinned" : s.licenseState());
        }
        return null;
    }

    private static ObjectNode logEntry(String action, ResultFile.Item item, PlanStatement.Source s, String clause) {
        ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
        o.put("action", action).put("id", item.id()).put("source", item.source()).put("decision", s.decision()).put("clause", clause)
                .put("file", item.file()).put("line", item.line());
        return o;
    }

    private static ObjectNode dependency(String name, String canonical) {
        ObjectNode d = CanonicalJson.MAPPER.createObjectNode();
        d.put("name", name);
        d.putObject("digest").put("sha256", CanonicalJson.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)));
        return d;
    }

    /** Signs a statement and returns the envelope's canonical JSON (what the bundle stores). */
    static String sign(JsonNode statement, PrivateKey key, String keyId) {
        byte[] body = CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
        return PlanStatement.canonical(Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, body, key, keyId));
    }
}
