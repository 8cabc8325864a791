package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.EvidenceVerifier;
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
 * The independent evidence verifier (hack/verify-evidence.py: securesystemslib for DSSE, the in-toto-attestation library for
 * the Statement, hashlib over the canonical spec for drift) accepts an envelope core signed and refuses each tampering with
 * the same reason codes as {@code mcctl onboarding evidence verify}. Needs python3 with hack/requirements.txt
 * ({@code make python-deps}).
 */
@Tag("tools")
class EvidencePythonVerifierTest {

    static final Path VERIFIER = Path.of("..", "hack", "verify-evidence.py");

    @TempDir
    Path dir;
    EvidenceFixture fx;
    List<ObjectNode> objects;
    Path bundle;
    Path ring;
    Path live;
    String output;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EvidenceFixture();
        objects = EvidenceFixture.objects("t1-web");
        bundle = Files.writeString(dir.resolve("evidence.dsse.json"), fx.envelope("t1", objects));
        ring = Files.writeString(dir.resolve("onboarding-evidence.json"), fx.ring());
        live = dir.resolve("live.yaml");
        writeLive(objects);
    }

    void writeLive(List<ObjectNode> objs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode o : objs) {
            sb.append("---\n").append(OnboardingEvidenceCommand.YAML.writeValueAsString(o).replaceFirst("^---\n", ""));
        }
        Files.writeString(live, sb.toString());
    }

    int python(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", VERIFIER.toString(), bundle.toString(), ring.toString()));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile(dir, "python-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(command.toString()).isTrue();
        output = Files.readString(log);
        return p.exitValue();
    }

    /** mcctl's reason codes for the same input. */
    List<String> mcctl(String... extra) {
        List<String> args = new ArrayList<>(List.of("onboarding", "evidence", "verify", "--bundle", bundle.toString(), "--public-keys",
                ring.toString()));
        args.addAll(List.of(extra));
        var r = OnboardingAppealCommandTest.run(args.toArray(String[]::new));
        return OnboardingEvidenceCommandTest.reasons(r.out());
    }

    @Test
    void anEnvelopeSignedByCoreVerifiesAndItsDigestsMatchTheLiveObjects() throws Exception {
        assertThat(python()).as(output).isZero();
        assertThat(output).startsWith("OK   ").contains("tenant t1, pack standard 1.2.0", "3 object(s)", "key " + fx.keyId);
        assertThat(python("--objects", live.toString(), "--tenant", "t1")).as(output).isZero();
        assertThat(output).contains("drift against " + live + ": none");
    }

    @Test
    void aFlippedSignatureByteIsRefused() throws Exception {
        Files.writeString(bundle, EvidenceFixture.flipSignature(Files.readString(bundle)));
        assertThat(python()).as(output).isEqualTo(1);
        assertThat(OnboardingEvidenceCommandTest.reasons(output)).containsExactly(EvidenceVerifier.SIGNATURE_INVALID);
    }

    @Test
    void everyRefusalAndDriftHasTheSameReasonCodesAsMcctl() throws Exception {
        String good = Files.readString(bundle);
        record Case(String what, String envelope, String ring, String tenant) {
        }
        ObjectNode wrongType = EvidenceFixture.statement("t1", objects);
        wrongType.put("predicateType", "https://missioncontrol.dev/onboarding/appeal/v1");
        ObjectNode empty = EvidenceFixture.statement("t1", objects);
        empty.putArray("subject");
        ((ObjectNode) empty.path("predicate")).remove("goLiveAt");
        ObjectNode badName = EvidenceFixture.statement("t1", objects);
        ((ObjectNode) badName.path("subject").get(0)).put("name", "no-ref");
        List<Case> cases = List.of(
                new Case("tampered payload", EvidenceFixture.tamperPayload(good), fx.ring(), null),
                new Case("foreign key", good, new EvidenceFixture().ring(), null),
                new Case("key retired before go-live", good, fx.rotatedRing("2026-12-01T11:59:59Z"), null),
                new Case("wrong predicateType", fx.sign(wrongType), fx.ring(), null),
                new Case("empty subject, no goLiveAt", fx.sign(empty), fx.ring(), null),
                new Case("a subject that names no object", fx.sign(badName), fx.ring(), null),
                new Case("another tenant's evidence", fx.envelope("t2", objects), fx.ring(), "t1"),
                new Case("garbage", "{\"payload\": 1}", fx.ring(), null));
        for (Case c : cases) {
            Files.writeString(bundle, c.envelope());
            Files.writeString(ring, c.ring());
            String[] tenant = c.tenant() == null ? new String[0] : new String[] {"--tenant", c.tenant()};
            assertThat(python(tenant)).as(c.what() + ": " + output).isEqualTo(1);
            List<String> py = OnboardingEvidenceCommandTest.reasons(output);
            assertThat(py).as(c.what() + ": " + output).isNotEmpty();
            if (c.tenant() == null) {
                assertThat(py).as(c.what() + ": the same reasons as mcctl\n" + output).containsExactlyElementsOf(mcctl("--no-drift"));
            } else {
                assertThat(py).as(c.what()).containsExactly(EvidenceVerifier.TENANT_MISMATCH);
            }
        }

        // A rotation after go-live does not void the bundle, for this verifier as for mcctl.
        Files.writeString(bundle, good);
        Files.writeString(ring, fx.rotatedRing());
        assertThat(python()).as("key retired after go-live: " + output).isZero();

        Files.writeString(ring, fx.ring());
        List<ObjectNode> drifted = new ArrayList<>();
        for (ObjectNode o : EvidenceFixture.objects("t1-web")) {
            if (o.path("kind").asText().equals("Namespace")) {
                ((ObjectNode) o.path("metadata").path("labels")).put("missioncontrol.dev/tenant", "t9");
            }
            if (!o.path("kind").asText().equals("ConfigMap")) {
                drifted.add(o);
            }
        }
        writeLive(drifted);
        assertThat(python("--objects", live.toString())).as(output).isEqualTo(1);
        assertThat(output).contains("FAIL Missing ConfigMap/t1-web/tenant-metering: ", "FAIL Changed Namespace/t1-web: recorded sha256 ");
        assertThat(OnboardingEvidenceCommandTest.reasons(output)).containsExactlyElementsOf(mcctl("--objects", live.toString()))
                .containsExactly("Missing", "Changed");
        assertThat(CanonicalJson.MAPPER.readTree(Files.readString(ring)).path("purpose").asText()).isEqualTo(EvidenceVerifier.SIGNING_PURPOSE);
    }
}
