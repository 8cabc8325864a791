package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.core.provenance.ProvenanceBundle;
import dev.missioncontrol.core.provenance.ProvenanceVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mcctl provenance stitch and verify on files, with real Ed25519 signing: the three-source export (blocked items removed
 * and logged with their clause, demoted after blended), every tampering with its own reason code, a source that does not
 * answer (partial, still verifies), bad input reported with file and line and no bundle left behind.
 */
@Tag("unit")
class ProvenanceCommandTest {

    @TempDir
    Path dir;
    ProvenanceFixture fx;
    Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ProvenanceFixture(dir);
        bundle = dir.resolve("bundle");
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(CanonicalJson.MAPPER.readTree(l));
        }
        return out;
    }

    @Test
    void threeSourcesBlockedRemovedAndLoggedDemotedAfterBlendedAndTheBundleVerifies() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).as(fx.out + fx.err).isZero();
        assertThat(fx.out).contains("5 row(s) exported, 2 removed, 2 demoted").doesNotContain("PARTIAL");

        List<String> ids = lines(bundle.resolve(ProvenanceBundle.EXPORT)).stream().map(r -> r.path("id").asText()).toList();
        assertThat(ids).containsExactly("wiki-1", "wiki-2", "wiki-3", "docs-1", "docs-2");
        List<JsonNode> log = lines(bundle.resolve(ProvenanceBundle.LOG));
        assertThat(log).filteredOn(e -> e.path("action").asText().equals("removed"))
                .extracting(e -> e.path("id").asText() + " " + e.path("clause").asText() + " " + e.path("line").asInt())
                .containsExactly("forum-1 no-blending 1", "forum-2 no-blending 2");
        assertThat(log).filteredOn(e -> e.path("action").asText().equals("demoted"))
                .extracting(e -> e.path("id").asText() + " " + e.path("clause").asText()).containsExactly("docs-1 no-derivatives", "docs-2 no-derivatives");
        assertThat(log.get(0).path("file").asText()).endsWith("docs.jsonl");
        assertThat(Files.exists(bundle.resolve(ProvenanceBundle.sourceFile("forum")))).isFalse();
        assertThat(CanonicalJson.MAPPER.readTree(bundle.resolve(ProvenanceBundle.LABEL).toFile()).path("partial").asBoolean()).isFalse();

        // the stitch statement: subject = export.jsonl, dependencies = both source envelopes and the plan head, by sha256
        var stitch = PlanStatement.statement(PlanStatement.envelope(Files.readString(bundle.resolve(ProvenanceBundle.STITCH))).orElseThrow())
                .orElseThrow();
        assertThat(stitch.at("/subject/0/digest/sha256").asText())
                .isEqualTo(CanonicalJson.sha256Hex(Files.readAllBytes(bundle.resolve(ProvenanceBundle.EXPORT))));
        List<String> deps = new ArrayList<>();
        stitch.at("/predicate/dependencies").forEach(d -> deps.add(d.path("name").asText() + "=" + d.at("/digest/sha256").asText()));
        assertThat(deps).containsExactly(
                "sources/docs.dsse.json=" + CanonicalJson.sha256Hex(Files.readAllBytes(bundle.resolve("sources/docs.dsse.json"))),
                "sources/wiki.dsse.json=" + CanonicalJson.sha256Hex(Files.readAllBytes(bundle.resolve("sources/wiki.dsse.json"))),
                "plan.dsse.json=" + CanonicalJson.sha256Hex(Files.readAllBytes(bundle.resolve(ProvenanceBundle.PLAN))));
        var wikiStatement = PlanStatement.statement(PlanStatement.envelope(Files.readString(bundle.resolve("sources/wiki.dsse.json")))
                .orElseThrow()).orElseThrow();
        assertThat(wikiStatement.at("/predicate/textSha256").asText()).isEqualTo(ProvenanceFixture.WIKI_TEXT);
        assertThat(wikiStatement.at("/subject/0/digest/sha256").asText()).isEqualTo(CanonicalJson.sha256Hex(
                Files.readAllLines(bundle.resolve(ProvenanceBundle.EXPORT)).get(0).getBytes(StandardCharsets.UTF_8)));

        assertThat(fx.verify(bundle)).as(fx.out + fx.err).isZero();
        assertThat(fx.out).startsWith("OK   ").contains("5 row(s) from 2 source statement(s)");

        // the registry: verified when both exported sources' texts are pinned, LicenseNotPinned when one is not
        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, """
                {"apiVersion": "v1", "kind": "List", "items": [{"spec": {"pins": [
                  {"spdxId": "CC-BY-4.0", "listVersion": "3.25", "sha256": "%s"},
                  {"spdxId": "CC-BY-ND-4.0", "listVersion": "3.25", "sha256": "%s"}]}}]}
                """.formatted(ProvenanceFixture.WIKI_TEXT, ProvenanceFixture.DOCS_TEXT));
        assertThat(fx.verify(bundle, "--registry", registry.toString())).as(fx.out).isZero();
        Files.writeString(registry, Files.readString(registry).replace(ProvenanceFixture.DOCS_TEXT, "7".repeat(64)));
        assertThat(fx.verify(bundle, "--registry", registry.toString())).isEqualTo(1);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.LICENSE_NOT_PINNED);
        assertThat(fx.out).contains("FAIL LicenseNotPinned sources/docs.dsse.json: CC-BY-ND-4.0 3.25 text sha256 " + ProvenanceFixture.DOCS_TEXT);

        // each role's keys verify only that role's statements: the plan's key does not verify the gateway's statements ...
        assertThat(fx.run("provenance", "verify", bundle.toString(), "--trust-plan", fx.planRing.toString(), "--trust",
                fx.planRing.toString())).isEqualTo(1);
        assertThat(reasons(fx.out)).containsOnly(ProvenanceVerifier.SIGNATURE_INVALID);
        assertThat(fx.out).contains("FAIL SignatureInvalid stitch.dsse.json").doesNotContain("FAIL SignatureInvalid plan.dsse.json");
        // ... and the gateway's key does not verify plan statements
        assertThat(fx.run("provenance", "verify", bundle.toString(), "--trust-plan", fx.stitchRing.toString(), "--trust",
                fx.stitchRing.toString())).isEqualTo(1);
        assertThat(reasons(fx.out)).containsOnly(ProvenanceVerifier.SIGNATURE_INVALID);
        assertThat(fx.out).contains("FAIL SignatureInvalid plan.dsse.json", "which is not a trusted key for plan statements")
                .doesNotContain("FAIL SignatureInvalid stitch.dsse.json");
    }

    /**
     * A forged plan: the gateway's key is trusted, but only for stitch and source statements, so a plan statement it
     * signed (here the head, re-signed and put back in the chain, and the stitch re-pointed at it) is refused.
     */
    static void forgePlanWithTheGatewaysKey(ProvenanceFixture fx, Path b) throws Exception {
        Path plan = b.resolve(ProvenanceBundle.PLAN);
        ProvenanceFixture.resign(plan, st -> { }, fx.stitchKey);
        Path chain = b.resolve(ProvenanceBundle.PLAN_CHAIN);
        List<String> lines = new ArrayList<>(Files.readAllLines(chain).stream().filter(l -> !l.isBlank()).toList());
        lines.set(lines.size() - 1, Files.readString(plan).strip());
        Files.writeString(chain, String.join("\n", lines) + "\n");
        fx.restitch(b);
    }

    @Test
    void aPlanStatementSignedWithTheGatewaysKeyIsRefused() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).isZero();
        Path forged = ProvenanceFixture.copy(bundle, dir.resolve("forged-plan"));
        forgePlanWithTheGatewaysKey(fx, forged);
        assertThat(fx.verify(forged)).as(fx.out).isEqualTo(1);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.SIGNATURE_INVALID);
        assertThat(fx.out).contains("FAIL SignatureInvalid plan.dsse.json", "FAIL SignatureInvalid plan-chain.jsonl:2",
                "which is not a trusted key for plan statements");
    }

    @Test
    void anExportStitchedUnderASupersededPlanFailsAgainstTheCurrentHead() throws Exception {
        List<String> chain = Files.readAllLines(fx.chain).stream().filter(l -> !l.isBlank()).toList();
        String first = CanonicalJson.sha256Hex(chain.get(0).getBytes(StandardCharsets.UTF_8));
        String head = CanonicalJson.sha256Hex(chain.get(1).getBytes(StandardCharsets.UTF_8));
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).isZero();
        assertThat(fx.verify(bundle, "--plan-head", head)).as(fx.out).isZero();
        assertThat(fx.verify(bundle, "--plan-head", first)).isEqualTo(1);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.PLAN_SUPERSEDED);

        // the old plan (forum still blended) replayed with a chain cut before the plan that blocked forum: the bundle is
        // consistent on its own, and only the current head shows it is stale
        Path oldChain = dir.resolve("old-chain.jsonl");
        Files.writeString(oldChain, chain.get(0) + "\n");
        Path stale = dir.resolve("stale");
        assertThat(fx.run("provenance", "stitch", "--plan", oldChain.toString(), "--key", fx.privateKey.toString(), "--key-id",
                ProvenanceFixture.keyId(fx.stitchKey), "-o", stale.toString(), "--result", fx.wiki.toString(), "--result",
                fx.docs.toString(), "--result", fx.forum.toString())).as(fx.out + fx.err).isZero();
        assertThat(Files.readString(stale.resolve(ProvenanceBundle.EXPORT))).contains("forum-1");
        assertThat(fx.verify(stale)).as(fx.out).isZero();
        assertThat(fx.verify(stale, "--plan-head", head)).isEqualTo(1);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.PLAN_SUPERSEDED);
        assertThat(fx.out).contains("FAIL PlanSuperseded plan.dsse.json", head);
    }

    /** The reason codes of every FAIL line, in order, without repeats. */
    static List<String> reasons(String output) {
        return output.lines().filter(l -> l.startsWith("FAIL ")).map(l -> l.split(" ")[1]).distinct().toList();
    }

    /** Each tampering, on its own copy of one good bundle: the reason codes mcctl reports. */
    static List<Tamper> tampers(ProvenanceFixture fx) {
        return List.of(
                new Tamper("flipped byte in the export", ProvenanceVerifier.EXPORT_DIGEST_MISMATCH, b -> {
                    byte[] export = Files.readAllBytes(b.resolve(ProvenanceBundle.EXPORT));
                    int at = new String(export, StandardCharsets.UTF_8).indexOf("operators");
                    export[at] ^= 0x01;
                    Files.write(b.resolve(ProvenanceBundle.EXPORT), export);
                }),
                new Tamper("dropped per-source envelope", ProvenanceVerifier.DEPENDENCY_MISSING,
                        b -> Files.delete(b.resolve("sources/docs.dsse.json"))),
                new Tamper("extra envelope", ProvenanceVerifier.DEPENDENCY_EXTRA, b -> {
                    Files.copy(b.resolve("sources/wiki.dsse.json"), b.resolve("sources/forum.dsse.json"));
                    ProvenanceFixture.resign(b.resolve("sources/forum.dsse.json"), st -> {
                        ((ObjectNode) st.path("predicate")).put("index", "forum");
                        ((com.fasterxml.jackson.databind.node.ArrayNode) st.path("subject")).removeAll();
                        ((com.fasterxml.jackson.databind.node.ArrayNode) st.path("subject")).addObject().put("name", "forum-1")
                                .putObject("digest").put("sha256", "0".repeat(64));
                    }, fx.stitchKey);
                }),
                new Tamper("swapped license text hash", ProvenanceVerifier.LICENSE_HASH_MISMATCH, b -> {
                    ProvenanceFixture.resign(b.resolve("sources/wiki.dsse.json"),
                            st -> ((ObjectNode) st.path("predicate")).put("textSha256", ProvenanceFixture.FORUM_TEXT), fx.stitchKey);
                    fx.restitch(b);
                }),
                new Tamper("statement re-signed with another key", ProvenanceVerifier.SIGNATURE_INVALID, b -> {
                    ProvenanceFixture.resign(b.resolve("sources/wiki.dsse.json"), st -> { }, Ed25519Keys.generate());
                    fx.restitch(b);
                }),
                new Tamper("empty subject list", ProvenanceVerifier.SUBJECT_EMPTY, b -> {
                    ProvenanceFixture.resign(b.resolve("sources/docs.dsse.json"),
                            st -> ((com.fasterxml.jackson.databind.node.ArrayNode) st.path("subject")).removeAll(), fx.stitchKey);
                    fx.restitch(b);
                }));
    }

    interface Edit {
        void apply(Path bundle) throws Exception;
    }

    record Tamper(String what, String reason, Edit edit) {
    }

    @Test
    void everyTamperingFailsWithItsOwnReasonCode() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).isZero();
        List<String> seen = new ArrayList<>();
        for (Tamper t : tampers(fx)) {
            Path copy = ProvenanceFixture.copy(bundle, dir.resolve("tampered-" + seen.size()));
            t.edit().apply(copy);
            assertThat(fx.verify(copy)).as(t.what() + ": " + fx.out + fx.err).isEqualTo(1);
            assertThat(reasons(fx.out)).as(t.what() + ": " + fx.out).contains(t.reason());
            seen.add(t.reason());
        }
        assertThat(seen).doesNotHaveDuplicates();
        // the cases that touch one thing report only their own reason (and, for the empty subject list, the rows it no longer attests)
        Path swapped = ProvenanceFixture.copy(bundle, dir.resolve("only-swapped"));
        tampers(fx).get(3).edit().apply(swapped);
        fx.verify(swapped);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.LICENSE_HASH_MISMATCH);
        Path resigned = ProvenanceFixture.copy(bundle, dir.resolve("only-resigned"));
        tampers(fx).get(4).edit().apply(resigned);
        fx.verify(resigned);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.SIGNATURE_INVALID);
        assertThat(fx.out).contains("which is not a trusted key");
        Path empty = ProvenanceFixture.copy(bundle, dir.resolve("only-empty"));
        tampers(fx).get(5).edit().apply(empty);
        fx.verify(empty);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.SUBJECT_EMPTY, ProvenanceVerifier.ROW_UNATTESTED);
        // the untouched bundle still verifies
        assertThat(fx.verify(bundle)).isZero();
    }

    @Test
    void aSourceThatDoesNotAnswerIsLabelledPartialAndStillVerifies() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.forum)).as(fx.err).isZero();
        assertThat(fx.out).contains("3 row(s) exported, 2 removed, 0 demoted; PARTIAL, no answer from docs");
        assertThat(Files.readString(bundle.resolve(ProvenanceBundle.LABEL))).isEqualTo("{\"missingSources\":[\"docs\"],\"partial\":true}\n");
        assertThat(fx.verify(bundle)).as(fx.out).isZero();
        assertThat(fx.out).contains("PARTIAL, no answer from docs");
        // a label that hides it does not verify
        Files.writeString(bundle.resolve(ProvenanceBundle.LABEL), "{\"partial\":false}\n");
        assertThat(fx.verify(bundle)).isEqualTo(1);
        assertThat(reasons(fx.out)).containsExactly(ProvenanceVerifier.LABEL_MISMATCH);
    }

    @Test
    void badInputIsReportedWithFileAndLineAndNoBundleIsLeftBehind() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, """
                {"id": "news-1", "rank": 1, "score": 1.0, "source": "news", "fields": {}}
                """);
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, """
                {"id": "docs-9", "rank": 1, "score": 1.0, "source": "docs", "fields": {}}
                {"id": "wiki-1", "rank": 2, "score": 1.0, "source": "docs", "fields": {}}
                {"id": "docs-10", "rank": 3, "score": 1.0, "source": "docs", "fields": {}
                {"id": "docs-11", "rank": 0, "score": 1.0, "source": "docs", "fields": {}}
                {"id": "docs-12", "rank": 4, "score": "high", "source": "docs", "fields": {}}
                """);
        assertThat(fx.stitch(bundle, fx.wiki, broken, bad)).isEqualTo(1);
        assertThat(fx.err).contains(broken + ":2: duplicate item id wiki-1 (first at " + fx.wiki + ":1)")
                .contains(broken + ":3: malformed JSON").contains(broken + ":4: rank must be an integer >= 1")
                .contains(broken + ":5: score must be a number")
                .contains(bad + ":1: unknown source news: the plan of cohort search/wave-1 has sources wiki, docs, forum")
                .contains("nothing written");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("bundle") || n.startsWith(".bundle"));
        }
        // two files of one source, and a plan chain with a broken link
        assertThat(fx.stitch(bundle, fx.wiki, fx.wiki)).isEqualTo(1);
        assertThat(fx.err).contains(fx.wiki + " is given twice");
        Path wiki2 = dir.resolve("wiki2.jsonl");
        Files.writeString(wiki2, """
                {"id": "wiki-9", "rank": 1, "score": 1.0, "source": "wiki", "fields": {}}
                """);
        assertThat(fx.stitch(bundle, fx.wiki, wiki2)).isEqualTo(1);
        assertThat(fx.err).contains(wiki2 + ":1: a second result file of source wiki (the first is at " + fx.wiki + ":1)");
        List<String> chain = Files.readAllLines(fx.chain);
        Files.writeString(fx.chain, chain.get(1) + "\n" + chain.get(0) + "\n");
        assertThat(fx.stitch(bundle, fx.wiki)).isEqualTo(1);
        assertThat(fx.err).contains(fx.chain + ":2: previous " + PlanStatement.GENESIS + " is not the digest of the statement before it");
        assertThat(Files.exists(bundle)).isFalse();
        // an existing directory is never overwritten
        Files.writeString(fx.chain, String.join("\n", chain) + "\n");
        Files.createDirectories(bundle);
        assertThat(fx.stitch(bundle, fx.wiki)).isEqualTo(2);
        assertThat(fx.err).contains("exists; give a new bundle directory");
    }

    /** A plan chain cut in the bundle, and a stitch dated before its plan: the checks only the bundle's chain and times catch. */
    static List<Tamper> chainTampers(ProvenanceFixture fx) {
        return List.of(
                new Tamper("a chain statement replaced", ProvenanceVerifier.PLAN_CHAIN_BROKEN, b -> {
                    List<String> lines = Files.readAllLines(b.resolve(ProvenanceBundle.PLAN_CHAIN));
                    Path first = b.resolve("first.tmp");
                    Files.writeString(first, lines.get(0));
                    ProvenanceFixture.resign(first, st -> ((ObjectNode) st.path("predicate")).put("issuedAt", "2026-11-30T09:59:00Z"), fx.planKey);
                    Files.writeString(b.resolve(ProvenanceBundle.PLAN_CHAIN), Files.readString(first) + "\n" + lines.get(1) + "\n");
                    Files.delete(first);
                }),
                new Tamper("stitched before the plan was issued", ProvenanceVerifier.TIMESTAMP_ORDER,
                        b -> ProvenanceFixture.resign(b.resolve(ProvenanceBundle.STITCH),
                                st -> ((ObjectNode) st.path("predicate")).put("stitchedAt", "2026-11-30T10:01:00Z"), fx.stitchKey)));
    }

    @Test
    void aBrokenPlanChainInTheBundleAndAStitchBeforeThePlanFail() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs)).isZero();
        int n = 0;
        for (Tamper t : chainTampers(fx)) {
            Path copy = ProvenanceFixture.copy(bundle, dir.resolve("chain-" + n++));
            t.edit().apply(copy);
            assertThat(fx.verify(copy)).as(t.what()).isEqualTo(1);
            assertThat(reasons(fx.out)).as(t.what() + ": " + fx.out).containsExactly(t.reason());
        }
    }

    /** The sample result files shipped in examples/provenance/ (cohort-1's three indexes) stitch and verify under cohort-1's plan. */
    @Test
    void theShippedSampleResultFilesStitchAndVerify() throws Exception {
        Path samples = Path.of("..", "examples", "provenance");
        var plan = new PlanStatement.Predicate(new PlanStatement.Cohort("search-demo", "cohort-1", 1), List.of(
                new PlanStatement.Source("products", "https://products-index.search.svc.cluster.local:9200", "LicenseRef-first-party", "3.25",
                        List.of(), "Blend", null, "8".repeat(64), "9".repeat(64), "Verified"),
                new PlanStatement.Source("docs", "https://docs-index.search.svc.cluster.local:9200", "CC-BY-4.0", "3.25",
                        List.of("attribution-required"), "Blend", null, ProvenanceFixture.WIKI_TEXT, "4".repeat(64), "Verified"),
                new PlanStatement.Source("partner-news", "https://partner-news.example.com/search", "LicenseRef-partner-news", "3.25",
                        List.of("no-blending"), "Block", "no-blending", "a".repeat(64), "b".repeat(64), "Verified")),
                java.util.Map.of("attribution-required", "Blend", "no-blending", "Block"), "2026-11-30T10:00:00Z", PlanStatement.GENESIS);
        Files.writeString(fx.chain, PlanStatement.canonical(PlanStatement.sign("c".repeat(64), plan, fx.planKey.getPrivate(),
                ProvenanceFixture.keyId(fx.planKey))) + "\n");
        assertThat(fx.stitch(bundle, samples.resolve("products.jsonl"), samples.resolve("docs.jsonl"), samples.resolve("partner-news.jsonl")))
                .as(fx.err).isZero();
        assertThat(fx.out).contains("5 row(s) exported, 2 removed, 0 demoted");
        assertThat(Files.readString(bundle.resolve(ProvenanceBundle.LOG))).contains("\"clause\":\"no-blending\"");
        assertThat(fx.verify(bundle)).as(fx.out).isZero();
    }

    /** provenance plan's chain file: the ConfigMaps' envelopes in seq order (numeric, not by name), canonical, one per line. */
    @Test
    void thePlanChainIsWrittenFromTheConfigMapsBySeq() throws Exception {
        List<String> lines = Files.readAllLines(fx.chain);
        List<io.fabric8.kubernetes.api.model.ConfigMap> cms = new ArrayList<>();
        // seq 10 sorts before seq 9 by name: the label decides
        for (int i : new int[] {1, 0}) {
            String seq = i == 0 ? "9" : "10";
            cms.add(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("wave-1-plan-" + seq)
                    .addToLabels(ProvenanceCommand.PROVENANCE_OF, "wave-1").addToLabels(ProvenanceCommand.PROVENANCE_SEQ, seq).endMetadata()
                    .addToData(ProvenanceCommand.ENVELOPE_KEY, CanonicalJson.MAPPER.readTree(lines.get(i)).toPrettyString())
                    .addToData("plan.json", "{}").build());
        }
        assertThat(ProvenanceCommand.Plan.chain(cms)).isEqualTo(lines.get(0) + "\n" + lines.get(1) + "\n");
        cms.get(0).getMetadata().getLabels().remove(ProvenanceCommand.PROVENANCE_SEQ);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProvenanceCommand.Plan.chain(cms))
                .hasMessageContaining("wave-1-plan-10 has no numeric label " + ProvenanceCommand.PROVENANCE_SEQ);
    }
}
