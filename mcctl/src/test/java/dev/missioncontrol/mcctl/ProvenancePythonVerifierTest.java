package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.provenance.ProvenanceVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The independent verifier (hack/verify-provenance.py: securesystemslib for DSSE, the in-toto-attestation library for the
 * Statements, hashlib for every digest) agrees with {@code mcctl provenance verify}: it accepts the three-source bundle and a
 * partial one, and rejects each tampering with the same reason code. Needs python3 with hack/requirements.txt
 * ({@code make python-deps}).
 */
@Tag("tools")
class ProvenancePythonVerifierTest {

    static final Path VERIFIER = Path.of("..", "hack", "verify-provenance.py");

    @TempDir
    Path dir;
    ProvenanceFixture fx;
    Path bundle;
    String output;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ProvenanceFixture(dir);
        bundle = dir.resolve("bundle");
    }

    int python(Path b, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", VERIFIER.toString(), b.toString(), "--plan-ring", fx.planRing.toString(),
                fx.stitchRing.toString()));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile(dir, "python-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(command.toString()).isTrue();
        output = Files.readString(log);
        return p.exitValue();
    }

    @Test
    void theIndependentVerifierAcceptsTheBundlesMcctlAccepts() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).isZero();
        assertThat(python(bundle)).as(output).isZero();
        assertThat(output).startsWith("OK   ").contains("5 row(s)");
        List<String> chain = Files.readAllLines(fx.chain).stream().filter(l -> !l.isBlank()).toList();
        String head = dev.missioncontrol.core.audit.CanonicalJson.sha256Hex(chain.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String first = dev.missioncontrol.core.audit.CanonicalJson.sha256Hex(chain.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(python(bundle, "--plan-head", head)).as(output).isZero();
        assertThat(python(bundle, "--plan-head", first)).as(output).isEqualTo(1);
        assertThat(ProvenanceCommandTest.reasons(output)).containsExactly(ProvenanceVerifier.PLAN_SUPERSEDED);

        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, """
                {"spec": {"pins": [{"spdxId": "CC-BY-4.0", "listVersion": "3.25", "sha256": "%s"}]}}
                """.formatted(ProvenanceFixture.WIKI_TEXT));
        assertThat(python(bundle, "--registry", registry.toString())).isEqualTo(1);
        assertThat(ProvenanceCommandTest.reasons(output)).containsExactly(ProvenanceVerifier.LICENSE_NOT_PINNED);

        Path partial = dir.resolve("partial");
        assertThat(fx.stitch(partial, fx.wiki, fx.forum)).isZero();
        assertThat(python(partial)).as(output).isZero();
        assertThat(output).contains("PARTIAL, no answer from docs");
    }

    @Test
    void theIndependentVerifierRejectsEveryTamperingWithTheSameReasonCodeAsMcctl() throws Exception {
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).isZero();
        int n = 0;
        List<ProvenanceCommandTest.Tamper> all = new ArrayList<>(ProvenanceCommandTest.tampers(fx));
        all.addAll(ProvenanceCommandTest.chainTampers(fx));
        all.add(new ProvenanceCommandTest.Tamper("plan statement signed with the gateway's key", ProvenanceVerifier.SIGNATURE_INVALID,
                b -> ProvenanceCommandTest.forgePlanWithTheGatewaysKey(fx, b)));
        for (var t : all) {
            Path copy = ProvenanceFixture.copy(bundle, dir.resolve("tampered-" + n++));
            t.edit().apply(copy);
            assertThat(python(copy)).as(t.what() + ": " + output).isEqualTo(1);
            List<String> python = ProvenanceCommandTest.reasons(output);
            assertThat(python).as(t.what() + ": " + output).contains(t.reason());
            fx.verify(copy);
            assertThat(python).as(t.what() + ": the same reasons as mcctl\n" + output + "\n" + fx.out)
                    .containsExactlyInAnyOrderElementsOf(ProvenanceCommandTest.reasons(fx.out));
        }
    }
}
