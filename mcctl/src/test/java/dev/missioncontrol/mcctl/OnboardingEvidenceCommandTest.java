package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.EvidenceVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mcctl onboarding evidence verify, offline (--bundle, --public-keys, --objects): a bundle signed by core with a test key
 * verifies against its objects; each refusal has its own reason code and exit 1; drift names exactly the objects.
 */
@Tag("unit")
class OnboardingEvidenceCommandTest {

    static final Pattern FAIL = Pattern.compile("^FAIL (\\w+) ", Pattern.MULTILINE);

    @TempDir
    Path dir;
    EvidenceFixture fx;
    List<ObjectNode> objects;
    Path bundle;
    Path ring;
    Path manifests;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EvidenceFixture();
        objects = EvidenceFixture.objects("t1-web");
        bundle = Files.writeString(dir.resolve("evidence.dsse.json"), fx.envelope("t1", objects));
        ring = Files.writeString(dir.resolve("onboarding-evidence.json"), fx.ring());
        manifests = dir.resolve("live");
        writeManifests(objects);
    }

    /** The live objects as kubectl get -o yaml writes them: a Namespace file, and a List of the namespaced ones. */
    void writeManifests(List<ObjectNode> live) throws Exception {
        Files.createDirectories(manifests);
        try (var s = Files.list(manifests)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        List<ObjectNode> namespaced = new ArrayList<>();
        for (ObjectNode o : live) {
            if (o.path("kind").asText().equals("Namespace")) {
                Files.writeString(manifests.resolve("namespace.yaml"), OnboardingEvidenceCommand.YAML.writeValueAsString(o));
            } else {
                namespaced.add(o);
            }
        }
        ObjectNode list = CanonicalJson.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(namespaced);
        Files.writeString(manifests.resolve("t1-web.yaml"), OnboardingEvidenceCommand.YAML.writeValueAsString(list));
    }

    static List<String> reasons(String out) {
        List<String> r = new ArrayList<>();
        Matcher m = FAIL.matcher(out);
        while (m.find()) {
            r.add(m.group(1));
        }
        return r;
    }

    OnboardingAppealCommandTest.Run verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("onboarding", "evidence", "verify", "--bundle", bundle.toString(),
                "--public-keys", ring.toString(), "--objects", manifests.toString()));
        args.addAll(List.of(extra));
        return OnboardingAppealCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void aBundleSignedByCoreVerifiesAgainstItsObjects() throws Exception {
        var r = verify();
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("OK   " + bundle + ": tenant t1, pack standard 1.2.0, live since 2026-12-01T12:00:00Z, 3 object(s), "
                + "signed by key " + fx.keyId).contains("drift against " + manifests + ": none");
        var json = verify("-o", "json");
        assertThat(json.exit()).isZero();
        JsonNode doc = CanonicalJson.MAPPER.readTree(json.out());
        assertThat(doc.path("verified").asBoolean()).isTrue();
        assertThat(doc.path("tenant").asText()).isEqualTo("t1");
        assertThat(doc.path("subjects").asInt()).isEqualTo(3);
        assertThat(doc.path("failures")).isEmpty();
        assertThat(doc.path("drift")).isEmpty();
        assertThat(doc.path("envelopeSha256").asText()).matches("[0-9a-f]{64}");
        var noDrift = OnboardingAppealCommandTest.run("onboarding", "evidence", "verify", "--bundle", bundle.toString(),
                "--public-keys", ring.toString(), "--no-drift");
        assertThat(noDrift.exit()).as(noDrift.err()).isZero();
        assertThat(noDrift.out()).contains("drift not checked (--no-drift)");
    }

    @Test
    void aForeignKeyIsUnknownKey() throws Exception {
        Files.writeString(ring, new EvidenceFixture().ring());
        var r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.UNKNOWN_KEY);
        assertThat(r.out()).contains("signed with key " + fx.keyId + ", which is not in the key ring 'onboarding-evidence'")
                .contains("drift not checked: the envelope is refused");
    }

    @Test
    void aKeyRetiredAfterGoLiveStillVerifiesAndOneRetiredBeforeIsRetiredKey() throws Exception {
        // A rotation after go-live does not void the bundle: the ring keeps retired keys for what they signed.
        Files.writeString(ring, fx.rotatedRing());
        var rotated = verify();
        assertThat(rotated.exit()).as(rotated.out() + rotated.err()).isZero();
        // A bundle claiming a go-live after its key was retired was signed with a retired key.
        Files.writeString(ring, fx.rotatedRing("2026-12-01T11:59:59Z"));
        var r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.RETIRED_KEY);
        assertThat(r.out()).contains("retired at 2026-12-01T11:59:59Z, but the bundle's goLiveAt (2026-12-01T12:00:00Z) is not before the retirement; "
                + "the signature itself verifies");
    }

    @Test
    void aTamperedPayloadAndAFlippedSignatureByteAreSignatureInvalid() throws Exception {
        String good = Files.readString(bundle);
        Files.writeString(bundle, EvidenceFixture.tamperPayload(good));
        var r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.SIGNATURE_INVALID);
        Files.writeString(bundle, EvidenceFixture.flipSignature(good));
        r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.SIGNATURE_INVALID);
    }

    @Test
    void aWrongPredicateTypeAnEmptySubjectAndABadPredicateHaveTheirOwnReasons() throws Exception {
        ObjectNode st = EvidenceFixture.statement("t1", objects);
        st.put("predicateType", "https://missioncontrol.dev/onboarding/appeal/v1");
        Files.writeString(bundle, fx.sign(st));
        var r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.STATEMENT_TYPE);
        assertThat(r.out()).contains("FAIL StatementType predicateType: is 'https://missioncontrol.dev/onboarding/appeal/v1'");

        st = EvidenceFixture.statement("t1", objects);
        st.putArray("subject");
        ((ObjectNode) st.path("predicate")).remove("goLiveAt");
        ((ObjectNode) st.path("predicate")).put("blocksAtGoLive", "none");
        Files.writeString(bundle, fx.sign(st));
        r = verify("-o", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode doc = CanonicalJson.MAPPER.readTree(r.out());
        assertThat(doc.path("verified").asBoolean()).isFalse();
        assertThat(doc.path("failures").findValuesAsText("reason")).containsExactly(EvidenceVerifier.SUBJECT_EMPTY,
                EvidenceVerifier.PREDICATE_MALFORMED, EvidenceVerifier.PREDICATE_MALFORMED);
        assertThat(doc.path("failures").findValuesAsText("where")).containsExactly("subject", "predicate.blocksAtGoLive", "predicate.goLiveAt");

        Files.writeString(bundle, "{\"payload\": 1}");
        r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceVerifier.ENVELOPE_MALFORMED);
    }

    @Test
    void driftNamesExactlyTheChangedAndTheMissingObject() throws Exception {
        List<ObjectNode> live = new ArrayList<>();
        ObjectNode changed = null;
        for (ObjectNode o : EvidenceFixture.objects("t1-web")) {
            switch (o.path("kind").asText()) {
                case "ConfigMap" -> {
                    ((ObjectNode) o.path("data")).put("units", "5000");
                    ((ObjectNode) o.path("metadata")).put("resourceVersion", "99"); // server-written: not drift by itself
                    changed = o;
                    live.add(o);
                }
                case "ResourceQuota" -> { } // deleted
                default -> live.add(o);
            }
        }
        writeManifests(live);
        var r = verify();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(reasons(r.out())).containsExactly(EvidenceStatement.Drift.CHANGED, EvidenceStatement.Drift.MISSING);
        String recorded = CanonicalSpec.sha256(objects.get(1));
        assertThat(r.out()).contains("FAIL Changed ConfigMap/t1-web/tenant-metering: recorded sha256 " + recorded + ", live sha256 "
                + CanonicalSpec.sha256(changed)).contains("FAIL Missing ResourceQuota/t1-web/tenant-budget: recorded sha256 ")
                .contains("2 of 3 object(s) drifted since go-live");

        JsonNode doc = CanonicalJson.MAPPER.readTree(verify("-o", "json").out());
        assertThat(doc.path("verified").asBoolean()).as("the envelope itself verifies").isTrue();
        assertThat(doc.path("exitCode").asInt()).isEqualTo(1);
        assertThat(doc.path("drift")).hasSize(2);
        assertThat(doc.path("drift").get(0).path("object").asText()).isEqualTo("ConfigMap/t1-web/tenant-metering");
        assertThat(doc.path("drift").get(0).path("recordedSha256").asText()).isEqualTo(recorded);
        assertThat(doc.path("drift").get(0).path("liveSha256").asText()).isEqualTo(CanonicalSpec.sha256(changed));
        assertThat(doc.path("drift").get(1).path("reason").asText()).isEqualTo("Missing");
        assertThat(doc.path("drift").get(1).path("liveSha256").isNull()).isTrue();
    }

    @Test
    void anUnreadableKeyRingOrBundleIsExit2() throws Exception {
        var r = OnboardingAppealCommandTest.run("onboarding", "evidence", "verify", "--bundle", bundle.toString(), "--public-keys",
                dir.resolve("none.json").toString(), "--objects", manifests.toString());
        assertThat(r.exit()).isEqualTo(2);
        Files.writeString(ring, KeyRing.of("audit", fx.key.getPublic(), "2026-01-01T00:00:00Z").toJson());
        r = verify();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("the key ring is for purpose audit, not onboarding-evidence");
        Files.writeString(ring, fx.ring());
        r = OnboardingAppealCommandTest.run("onboarding", "evidence", "verify", "--bundle", dir.resolve("missing.json").toString(),
                "--public-keys", ring.toString(), "--no-drift");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("cannot read the evidence: ");
    }

    @Test
    void theEvidenceOfAnotherTenantIsTenantMismatch() {
        var result = EvidenceVerifier.verify(fx.envelope("t2", objects), KeyRing.parse(fx.ring()), "t1");
        assertThat(result.failures()).extracting(EvidenceVerifier.Failure::reason).containsExactly(EvidenceVerifier.TENANT_MISMATCH);
        assertThat(result.failures().get(0).message()).contains("the evidence is of tenant 't2', not 't1'");
        assertThat(EvidenceVerifier.verify(fx.envelope("t1", objects), KeyRing.parse(fx.ring()), "t1").ok()).isTrue();
    }

    @Test
    void helpListsTheOptionsAndContradictoryOptionsAreExit2() {
        var help = OnboardingAppealCommandTest.run("onboarding", "evidence", "verify", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--bundle=FILE", "--tenant=ID", "--public-keys", "--from-cluster", "--operator-namespace",
                "--objects=PATH", "--no-drift", "-o, --output=FORMAT", "--kubeconfig");
        help = OnboardingAppealCommandTest.run("onboarding", "evidence", "export", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("TENANT", "--out=FILE", "--operator-namespace", "--kubeconfig");
        assertThat(verify("--no-drift").exit()).isEqualTo(2);
        assertThat(verify("-o", "yaml").exit()).isEqualTo(2);
        var both = OnboardingAppealCommandTest.run("onboarding", "evidence", "verify", "--bundle", bundle.toString(), "--tenant", "t1",
                "--public-keys", ring.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
