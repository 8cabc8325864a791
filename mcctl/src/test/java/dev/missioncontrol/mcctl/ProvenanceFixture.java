package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.core.provenance.ProvenanceBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * A cohort of three sources as the operator would sign its plan (wiki blended, docs demoted by no-derivatives, forum
 * blocked by no-blending, every license Verified and pinned), their result files, and the keys: the operator's (plan) and
 * the gateway's (stitch), each in a key ring file. Real Ed25519 signing throughout. Helpers re-sign a bundle's statements
 * after an edit, as an attacker holding a trusted key could.
 */
final class ProvenanceFixture {

    static final String WIKI_TEXT = "1".repeat(64);
    static final String DOCS_TEXT = "2".repeat(64);
    static final String FORUM_TEXT = "3".repeat(64);

    final Path dir;
    final KeyPair planKey = Ed25519Keys.generate();
    final KeyPair stitchKey = Ed25519Keys.generate();
    final Path planRing;
    final Path stitchRing;
    final Path privateKey;
    final Path chain;
    final Path wiki;
    final Path docs;
    final Path forum;
    String out;
    String err;

    ProvenanceFixture(Path dir) throws Exception {
        this.dir = dir;
        planRing = dir.resolve("plan-ring.json");
        Files.writeString(planRing, KeyRing.of("federation-plan", planKey.getPublic(), "2026-11-30T09:00:00Z").toJson());
        stitchRing = dir.resolve("stitch-ring.json");
        Files.writeString(stitchRing, KeyRing.of("gateway", stitchKey.getPublic(), "2026-11-30T09:00:00Z").toJson());
        privateKey = dir.resolve("gateway.key");
        Files.writeString(privateKey, Ed25519Keys.privatePem(stitchKey.getPrivate()));
        chain = dir.resolve("chain.jsonl");
        var first = PlanStatement.sign("a".repeat(64), predicate(1, "2026-11-30T10:00:00Z", PlanStatement.GENESIS, "Blend"), planKey.getPrivate(),
                keyId(planKey));
        var second = PlanStatement.sign("b".repeat(64), predicate(2, "2026-11-30T10:05:00Z", PlanStatement.envelopeDigest(first), "Block"),
                planKey.getPrivate(), keyId(planKey));
        Files.writeString(chain, PlanStatement.canonical(first) + "\n" + PlanStatement.canonical(second) + "\n");
        wiki = dir.resolve("wiki.jsonl");
        Files.writeString(wiki, """
                {"id": "wiki-1", "rank": 1, "score": 9.5, "source": "wiki", "fields": {"title": "Kubernetes operators"}}
                {"id": "wiki-2", "rank": 2, "score": 7.25, "source": "wiki", "fields": {"title": "Custom resources"}}

                {"id": "wiki-3", "rank": 3, "score": 3, "source": "wiki", "fields": {"title": "Server-side apply"}}
                """);
        docs = dir.resolve("docs.jsonl");
        Files.writeString(docs, """
                {"id": "docs-1", "rank": 1, "score": 12.0, "source": "docs", "fields": {"title": "Operator SDK guide"}}
                {"id": "docs-2", "rank": 2, "score": 4.5, "source": "docs", "fields": {"title": "Reconciler patterns"}}
                """);
        forum = dir.resolve("forum.jsonl");
        Files.writeString(forum, """
                {"id": "forum-1", "rank": 1, "score": 20.0, "source": "forum", "fields": {"title": "Why is my reconcile looping?"}}
                {"id": "forum-2", "rank": 2, "score": 1.5, "source": "forum", "fields": {"title": "Status subresource"}}
                """);
    }

    static String keyId(KeyPair k) {
        return Ed25519Keys.keyId(k.getPublic());
    }

    /** The plan: wiki Blend, docs Demote (no-derivatives), forum as given (Block by no-blending in the head). */
    static PlanStatement.Predicate predicate(long generation, String issuedAt, String previous, String forumDecision) {
        return new PlanStatement.Predicate(new PlanStatement.Cohort("search", "wave-1", generation), List.of(
                new PlanStatement.Source("wiki", "http://wiki:9200", "CC-BY-4.0", "3.25", List.of("attribution-required"), "Blend", null,
                        WIKI_TEXT, "4".repeat(64), "Verified"),
                new PlanStatement.Source("docs", "http://docs:9200", "CC-BY-ND-4.0", "3.25", List.of("no-derivatives"), "Demote",
                        "no-derivatives", DOCS_TEXT, "5".repeat(64), "Verified"),
                new PlanStatement.Source("forum", "http://forum:9200", "LicenseRef-forum", "3.25", List.of("no-blending"), forumDecision,
                        "Block".equals(forumDecision) ? "no-blending" : null, FORUM_TEXT, "6".repeat(64), "Verified")),
                Map.of("attribution-required", "Blend", "no-derivatives", "Demote", "no-blending", "Block"), issuedAt, previous);
    }

    int run(String... args) {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = new CommandLine(new Mcctl()).setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** mcctl provenance stitch of the given result files into a new directory {@code name}. */
    int stitch(Path bundle, Path... results) {
        List<String> args = new ArrayList<>(List.of("provenance", "stitch", "--plan", chain.toString(), "--key", privateKey.toString(),
                "--key-id", keyId(stitchKey), "-o", bundle.toString()));
        for (Path r : results) {
            args.add("--result");
            args.add(r.toString());
        }
        return run(args.toArray(String[]::new));
    }

    int verify(Path bundle, String... extra) {
        List<String> args = new ArrayList<>(List.of("provenance", "verify", bundle.toString(), "--trust-plan", planRing.toString(), "--trust",
                stitchRing.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** A copy of a bundle directory, to tamper with. */
    static Path copy(Path bundle, Path to) throws Exception {
        for (var f : ProvenanceBundle.read(bundle).entrySet()) {
            Path p = to.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return to;
    }

    /** Edits the statement in an envelope file and re-signs it with {@code with}. */
    static void resign(Path envelopeFile, Consumer<ObjectNode> edit, KeyPair with) throws Exception {
        var envelope = PlanStatement.envelope(Files.readString(envelopeFile)).orElseThrow();
        ObjectNode st = (ObjectNode) PlanStatement.statement(envelope).orElseThrow();
        edit.accept(st);
        var signed = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8), with.getPrivate(), keyId(with));
        Files.writeString(envelopeFile, PlanStatement.canonical(signed));
    }

    /** Re-points the stitch statement's dependencies at the bundle's current envelopes and re-signs it with the gateway key. */
    void restitch(Path bundle) throws Exception {
        resign(bundle.resolve(ProvenanceBundle.STITCH), st -> {
            for (JsonNode d : (ArrayNode) st.path("predicate").path("dependencies")) {
                Path f = bundle.resolve(d.path("name").asText());
                try {
                    ((ObjectNode) d.path("digest")).put("sha256", CanonicalJson.sha256Hex(Files.readAllBytes(f)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, stitchKey);
    }
}
