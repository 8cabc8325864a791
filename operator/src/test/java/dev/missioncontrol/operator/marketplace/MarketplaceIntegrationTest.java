package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.mcctl.Mcctl;
import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source cards, the request-to-connect lifecycle and its signed audit trail, against the local control plane. */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class MarketplaceIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-market");
        MarketplaceSources.licenseText(client, namespace, "provider-terms", MarketplaceSources.TERMS);
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void badgesComeFromTheDpiaAndTheLicenseTextAndTheDpiaLapsesByItself() {
        create(MarketplaceSources.source(namespace, "weather", "provider-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(300))));
        MarketplaceSources.licenseText(client, namespace, "other-terms", "Some other licence.\n");
        create(MarketplaceSources.source(namespace, "mismatch", "other-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(300))));
        create(MarketplaceSources.source(namespace, "lapsing", "provider-terms", MarketplaceSources.TERMS, Instant.now().plusSeconds(6)));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(source("weather").getStatus().getBadges()).containsExactly("DPIAApproved", "LicenseVerified", "Vetted");
            assertThat(condition(source("weather").getStatus().getConditions(), "Live").getStatus()).isEqualTo("True");
            var mismatch = condition(source("mismatch").getStatus().getConditions(), "LicenseVerified");
            assertThat(mismatch.getStatus()).isEqualTo("False");
            assertThat(mismatch.getReason()).isEqualTo("LicenseHashMismatch");
            assertThat(mismatch.getMessage()).contains("hashes to " + SourceAssessment.sha256("Some other licence.\n"));
            assertThat(source("lapsing").getStatus().getBadges()).contains("DPIAApproved");
        });
        // No edit: the approval lapses at expiresAt and the operator notices by itself.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var dpia = condition(source("lapsing").getStatus().getConditions(), "DPIAApproved");
            assertThat(dpia.getStatus()).isEqualTo("False");
            assertThat(dpia.getReason()).isEqualTo("Expired");
            assertThat(source("lapsing").getStatus().getBadges()).doesNotContain("DPIAApproved", "Vetted");
            assertThat(condition(source("lapsing").getStatus().getConditions(), "Live").getStatus()).isEqualTo("False");
        });
    }

    @Test
    void approvalIsRefusedForAnExpiredDpiaAndForAChangedLicenseText() {
        create(MarketplaceSources.source(namespace, "expired", "provider-terms", MarketplaceSources.TERMS, Instant.now().minusSeconds(60)));
        MarketplaceSources.licenseText(client, namespace, "editable-terms", MarketplaceSources.TERMS);
        create(MarketplaceSources.source(namespace, "edited", "editable-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(30))));
        await().atMost(TIMEOUT).until(() -> source("edited").getStatus() != null
                && source("edited").getStatus().getBadges().contains("LicenseVerified"));
        // Someone edits the license text after it was registered.
        MarketplaceSources.licenseText(client, namespace, "editable-terms", MarketplaceSources.TERMS + "Section 9 removed.\n");
        await().atMost(TIMEOUT).until(() -> !source("edited").getStatus().getBadges().contains("LicenseVerified"));

        ConnectRequests.create(ConnectRequests.request(namespace, "to-expired", "expired", "acme", ConnectRequests.approve()));
        ConnectRequests.create(ConnectRequests.request(namespace, "to-edited", "edited", "acme", ConnectRequests.approve()));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var expired = request("to-expired");
            assertThat(expired.getStatus().getPhase()).isEqualTo(ConnectPhase.Pending);
            var c = condition(expired.getStatus().getConditions(), "Approved");
            assertThat(c.getReason()).isEqualTo("ApprovalRefused");
            assertThat(c.getMessage()).contains("lacks DPIAApproved (Expired");
            var edited = condition(request("to-edited").getStatus().getConditions(), "Approved");
            assertThat(edited.getReason()).isEqualTo("ApprovalRefused");
            assertThat(edited.getMessage()).contains("lacks LicenseVerified (LicenseHashMismatch");
        });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(e -> "to-expired".equals(e.getInvolvedObject().getName()) && "ApprovalRefused".equals(e.getReason())
                        && "Warning".equals(e.getType()));
        System.out.printf("[marketplace] refused: %s%n", condition(request("to-expired").getStatus().getConditions(), "Approved").getMessage());
    }

    @Test
    void connectRevokeAndTheSignedTrailVerifiesIndependently(@TempDir Path dir) throws Exception {
        create(MarketplaceSources.source(namespace, "news", "provider-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(90))));
        await().atMost(TIMEOUT).until(() -> source("news").getStatus() != null
                && Conditions.isTrue(source("news").getStatus().getConditions(), "Live"));

        ConnectRequests.create(ConnectRequests.request(namespace, "globex-news", "news", "globex", null));
        await().atMost(TIMEOUT).until(() -> request("globex-news").getStatus() != null
                && request("globex-news").getStatus().getPhase() == ConnectPhase.Pending);
        ConnectRequests.decide(namespace, "globex-news", ConnectRequests.approve());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(request("globex-news").getStatus().getPhase()).isEqualTo(ConnectPhase.Connected);
            assertThat(client.configMaps().inNamespace(namespace).withName("globex-news-connection").get()).isNotNull();
            try (var flags = FlagdEvaluator.load(flags("globex-news"))) {
                assertThat(flags.bool("marketplace.news.globex.connected", "globex")).isTrue();
                assertThat(flags.bool("marketplace.news.globex.connected", "acme")).isFalse();
            }
        });
        assertThat(client.configMaps().inNamespace(namespace).withName("globex-news-connection").get().getData().get("connection.json"))
                .contains("https://news.provider.example/search", "attribution-required");

        ConnectRequests.revoke(namespace, "globex-news", new Revocation("carol@platform.example", "contract ended"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(request("globex-news").getStatus().getPhase()).isEqualTo(ConnectPhase.Revoked);
            assertThat(client.configMaps().inNamespace(namespace).withName("globex-news-connection").get()).isNull();
            try (var flags = FlagdEvaluator.load(flags("globex-news"))) {
                assertThat(flags.bool("marketplace.news.globex.connected", "globex")).isFalse();
            }
        });
        ConnectRequests.create(ConnectRequests.request(namespace, "initech-news", "news", "initech",
                new ConnectDecision(ConnectDecision.Action.reject, Actors.REVIEWER, "no business need")));
        await().atMost(TIMEOUT).until(() -> request("initech-news").getStatus() != null
                && request("initech-news").getStatus().getPhase() == ConnectPhase.Rejected);
        assertThat(request("globex-news").getStatus().getAuditEntries()).isEqualTo(4);

        // The Ombuds export, then mcctl and securesystemslib both verify every packet.
        Path bundle = dir.resolve("bundle.json");
        var export = mcctl("audit", "export", "--namespace", namespace, "--out", bundle.toString());
        assertThat(export.code()).as(export.out()).isZero();
        var publicKey = client.configMaps().inNamespace(namespace).withName(AuditSigningKeys.PUBLIC_CONFIGMAP).get().getData();
        Path keyFile = dir.resolve("audit.pub");
        Files.writeString(keyFile, publicKey.get("ed25519.pub.pem"));
        var honest = mcctl("audit", "verify", bundle.toString(), "--public-key", keyFile.toString());
        System.out.printf("[marketplace] mcctl audit verify (honest):%n%s", honest.out());
        assertThat(honest.code()).isZero();
        assertThat(honest.out()).contains("OK   globex-news: 4 entries", "OK   initech-news: 2 entries", " 0 failed");
        var python = securesystemslib(bundle, publicKey.get("ed25519.pub.hex"), publicKey.get("keyid"));
        System.out.printf("[marketplace] securesystemslib (honest):%n%s", python.output());
        assertThat(python.code()).as(python.output()).isZero();

        JsonNode original = JSON.readTree(bundle.toFile());
        // Signed actors are the users the API server authenticated: the admission policies hold spec.requestedBy,
        // spec.decision.reviewer and spec.revocation.revokedBy to the user who set each (the fixtures act as them).
        assertThat(actors(original)).containsExactly("alice@globex.example", Actors.REVIEWER, ConnectLifecycle.OPERATOR,
                "carol@platform.example");
        var changedByte = tamper(dir, original, "changed", entries -> ((ObjectNode) entries.get(1)).put("note", "DPIA and terms reviewed!"));
        var removed = tamper(dir, original, "removed", entries -> entries.remove(2));
        var swapped = tamper(dir, original, "swapped", entries -> {
            JsonNode b = entries.get(1).deepCopy();
            entries.set(1, entries.get(2));
            entries.set(2, b);
        });
        var otherKey = resignedWithAnotherKey(dir, original);
        assertFails(changedByte, keyFile, publicKey, "entry 3 (Approved -> Connected): prevSha256", "entry 2 was altered");
        assertFails(removed, keyFile, publicKey, "entry 3 (Connected -> Revoked): sequence number 4");
        assertFails(swapped, keyFile, publicKey, "entry 2 (Approved -> Connected)");
        assertFails(otherKey, keyFile, publicKey, "signature: no signature verifies");
    }

    private void assertFails(Path bundle, Path keyFile, java.util.Map<String, String> publicKey, String... named) throws Exception {
        var m = mcctl("audit", "verify", bundle.toString(), "--public-key", keyFile.toString());
        System.out.printf("[marketplace] mcctl audit verify %s:%n%s", bundle.getFileName(), m.out());
        assertThat(m.code()).as(m.out()).isEqualTo(1);
        assertThat(m.out()).contains("FAIL globex-news").contains(named).contains("1 failed");
        var p = securesystemslib(bundle, publicKey.get("ed25519.pub.hex"), publicKey.get("keyid"));
        assertThat(p.code()).as(p.output()).isEqualTo(1);
        assertThat(p.output()).contains("FAIL globex-news");
    }

    /** Edits the globex-news packet's entries in a copy of the bundle, keeping the original signature. */
    private static Path tamper(Path dir, JsonNode bundle, String name, Consumer<ArrayNode> edit) throws IOException {
        JsonNode copy = bundle.deepCopy();
        ObjectNode envelope = (ObjectNode) packet(copy).get("envelope");
        ObjectNode statement = (ObjectNode) JSON.readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));
        edit.accept((ArrayNode) statement.path("predicate").path("entries"));
        envelope.put("payload", Base64.getEncoder().encodeToString(CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8)));
        Path out = dir.resolve(name + ".json");
        JSON.writeValue(out.toFile(), copy);
        return out;
    }

    private static Path resignedWithAnotherKey(Path dir, JsonNode bundle) throws IOException {
        JsonNode copy = bundle.deepCopy();
        ObjectNode envelope = (ObjectNode) packet(copy).get("envelope");
        var honest = JSON.treeToValue(envelope, Dsse.Envelope.class);
        var forged = Dsse.sign(honest.payloadType(), honest.payloadBytes(), Ed25519Keys.generate().getPrivate(),
                honest.signatures().get(0).keyid());
        ((ObjectNode) packet(copy)).set("envelope", JSON.valueToTree(forged));
        Path out = dir.resolve("other-key.json");
        JSON.writeValue(out.toFile(), copy);
        return out;
    }

    /** The actor of each signed entry of the globex-news packet, in order. */
    private static List<String> actors(JsonNode bundle) throws IOException {
        JsonNode statement = JSON.readTree(Base64.getDecoder().decode(packet(bundle).get("envelope").get("payload").asText()));
        List<String> actors = new java.util.ArrayList<>();
        statement.path("predicate").path("entries").forEach(e -> actors.add(e.path("actor").asText()));
        return actors;
    }

    private static JsonNode packet(JsonNode bundle) {
        for (JsonNode p : bundle.get("packets")) {
            if (p.get("request").asText().equals("globex-news")) {
                return p;
            }
        }
        throw new IllegalStateException("no globex-news packet");
    }

    record Run(int code, String out) {
    }

    private static Run mcctl(String... args) {
        var buffer = new ByteArrayOutputStream();
        var out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        var cli = new picocli.CommandLine(new Mcctl());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        int code = cli.execute(args);
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    private static ProcessRunner.Result securesystemslib(Path bundle, String publicHex, String keyId) throws Exception {
        return ProcessRunner.python(ProcessRunner.VERIFY_DSSE, bundle.toString(), publicHex, keyId);
    }

    private void create(Object resource) {
        client.resource((io.fabric8.kubernetes.api.model.HasMetadata) resource).create();
    }

    private MarketplaceSource source(String name) {
        return client.resources(MarketplaceSource.class).inNamespace(namespace).withName(name).get();
    }

    private ConnectRequest request(String name) {
        return client.resources(ConnectRequest.class).inNamespace(namespace).withName(name).get();
    }

    private String flags(String request) {
        return client.configMaps().inNamespace(namespace).withName(request + "-flags").get().getData().get("flags.json");
    }

    private static Condition condition(List<Condition> conditions, String type) {
        return Conditions.find(conditions, type).orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }
}
