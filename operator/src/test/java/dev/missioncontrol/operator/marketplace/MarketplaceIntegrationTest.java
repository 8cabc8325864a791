package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
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
        // The connection and the flags are in place before status says Connected: what the watch shows at the first
        // Connected, read at once (they were written one reconciliation later, after Ready, until make bench saw it).
        var atConnected = whenPhaseFirstSeen("globex-news", ConnectPhase.Connected, () -> {
            var connection = client.configMaps().inNamespace(namespace).withName("globex-news-connection").get();
            try (var flags = FlagdEvaluator.load(flags("globex-news"))) {
                return "connection " + (connection != null) + ", flag " + flags.bool("marketplace.news.globex.connected", "globex");
            }
        }, () -> ConnectRequests.decide(namespace, "globex-news", ConnectRequests.approve()));
        assertThat(atConnected).as("at the first Connected").isEqualTo("connection true, flag true");
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

        var atRevoked = whenPhaseFirstSeen("globex-news", ConnectPhase.Revoked,
                () -> "connection " + (client.configMaps().inNamespace(namespace).withName("globex-news-connection").get() != null),
                () -> ConnectRequests.revoke(namespace, "globex-news", new Revocation("carol@platform.example", "contract ended")));
        assertThat(atRevoked).as("at the first Revoked").isEqualTo("connection false");
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
        // The keys to trust come from the operator's namespace, never from the bundle or the tenant's namespace.
        KeyRing ring = operatorRing();
        Path keyFile = dir.resolve("audit-ring.json");
        Files.writeString(keyFile, ring.toJson());
        var current = ring.current().orElseThrow();
        var honest = mcctl("audit", "verify", bundle.toString(), "--public-keys", keyFile.toString());
        System.out.printf("[marketplace] mcctl audit verify (honest):%n%s", honest.out());
        assertThat(honest.code()).isZero();
        assertThat(honest.out()).contains("OK   globex-news: 4 entries", "OK   initech-news: 2 entries", " 0 failed");
        var fromCluster = mcctl("audit", "verify", bundle.toString(), "--from-cluster", "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
        assertThat(fromCluster.code()).as(fromCluster.out()).isZero();
        var python = securesystemslib(bundle, current.ed25519(), current.keyid());
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
        var otherKey = resignedWithAnotherKey(dir, original, false);
        var ownKey = resignedWithAnotherKey(dir, original, true);
        assertFails(changedByte, keyFile, current, "entry 3 (Approved -> Connected): prevSha256", "entry 2 was altered");
        assertFails(removed, keyFile, current, "entry 3 (Connected -> Revoked): sequence number 4");
        assertFails(swapped, keyFile, current, "entry 2 (Approved -> Connected)");
        assertFails(otherKey, keyFile, current, "signature: no signature verifies");
        assertFails(ownKey, keyFile, current, "which is not one of the operator's audit keys");
        // Unsigned labels must match the signed subject: a packet relabelled as another request, or with another uid, fails.
        assertFails(relabel(dir, original, "renamed", p -> p.put("request", "globex-news-2")), keyFile, current, "globex-news-2",
                "labelled as request globex-news-2 but the signed trail is about request globex-news");
        assertFails(relabel(dir, original, "other-uid", p -> p.put("uid", "0000")), keyFile, current, "globex-news",
                "labelled with uid 0000");
    }

    @Test
    void aTenantAdminCannotReadTheKeyAndAForgedTrailChangesNothing(@TempDir Path dir) throws Exception {
        create(MarketplaceSources.source(namespace, "maps", "provider-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(90))));
        create(ConnectRequests.request(namespace, "umbrella-maps", "maps", "umbrella", null));
        await().atMost(TIMEOUT).until(() -> request("umbrella-maps").getStatus() != null
                && request("umbrella-maps").getStatus().getPhase() == ConnectPhase.Pending);

        // A user with every right in the tenant namespace (the built-in admin role), impersonated.
        client.resource(new RoleBindingBuilder().withNewMetadata().withName("tenant-admin").withNamespace(namespace).endMetadata()
                .withRoleRef(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin"))
                .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName("tenant-admin").endSubject().build())
                .createOr(NonDeletingOperation::update);
        try (var tenant = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withImpersonateUsername("tenant-admin").build()).build()) {
            await().atMost(TIMEOUT).until(() -> tenant.configMaps().inNamespace(namespace).list() != null);
            assertThat(client.secrets().inNamespace(namespace).list().getItems())
                    .as("no signing key in the tenant's namespace")
                    .noneMatch(s -> s.getData() != null && s.getData().keySet().stream().anyMatch(k -> k.contains("key")));
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> tenant.secrets().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(SigningKeys.secretName(KeyRing.AUDIT)).get(),
                    KubernetesClientException.class);
            assertThat(refused).as("the tenant admin reads the audit key").isNotNull();
            assertThat(refused.getCode()).isEqualTo(403);

            // The tenant writes a trail of its own, approving itself, signed with a key it made, into its copy.
            var copy = tenant.configMaps().inNamespace(namespace).withName("umbrella-maps-audit").get();
            var honest = JSON.readValue(copy.getData().get("envelope.json"), Dsse.Envelope.class);
            var entries = AuditTrail.append(AuditTrail.entries(honest), Instant.now().toString(), "mallory", "Pending", "Approved",
                    List.of(), "approved");
            var forgedKey = Ed25519Keys.generate();
            var forged = AuditTrail.seal(AuditTrail.subject(honest), entries, forgedKey.getPrivate(), Ed25519Keys.keyId(forgedKey.getPublic()));
            copy.getData().put("envelope.json", JSON.writeValueAsString(forged));
            copy.getMetadata().setManagedFields(null);
            tenant.resource(copy).update();
            // Its own export with its own key, as an auditor would receive it: fails against the operator's ring.
            Path bundle = dir.resolve("forged.json");
            // The operator may restore the copy at any moment; export what the tenant wrote by hand.
            var packet = new ObjectMapper().createObjectNode();
            var forgedBundle = JSON.createObjectNode().put("apiVersion", "missioncontrol.dev/audit-bundle/v1").put("namespace", namespace)
                    .put("exportedAt", Instant.now().toString());
            forgedBundle.putArray("publicKeys").addObject().put("keyid", Ed25519Keys.keyId(forgedKey.getPublic()))
                    .put("ed25519", Ed25519Keys.rawPublicHex(forgedKey.getPublic()));
            packet.put("request", "umbrella-maps").put("uid", request("umbrella-maps").getMetadata().getUid()).set("envelope", JSON.valueToTree(forged));
            forgedBundle.putArray("packets").add(packet);
            JSON.writeValue(bundle.toFile(), forgedBundle);
            Path ringFile = dir.resolve("ring.json");
            Files.writeString(ringFile, operatorRing().toJson());
            var m = mcctl("audit", "verify", bundle.toString(), "--public-keys", ringFile.toString());
            assertThat(m.code()).as(m.out()).isEqualTo(1);
            assertThat(m.out()).contains("FAIL umbrella-maps", "which is not one of the operator's audit keys");
            var current = operatorRing().current().orElseThrow();
            var p = securesystemslib(bundle, current.ed25519(), current.keyid());
            assertThat(p.code()).as(p.output()).isEqualTo(1);
        }
        // The operator decides from its archive: still Pending, the copy restored, and it says so once.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var copy = client.configMaps().inNamespace(namespace).withName("umbrella-maps-audit").get();
            var envelope = JSON.readValue(copy.getData().get("envelope.json"), Dsse.Envelope.class);
            assertThat(AuditTrail.verify(envelope, operatorRing()).ok()).isTrue();
            assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .anyMatch(e -> "umbrella-maps".equals(e.getInvolvedObject().getName()) && "AuditCopyRestored".equals(e.getReason()));
        });
        assertThat(request("umbrella-maps").getStatus().getPhase()).isEqualTo(ConnectPhase.Pending);
        assertThat(request("umbrella-maps").getStatus().getAuditEntries()).isEqualTo(1);
    }

    @Test
    void aRejectedRequestDeletedAndCreatedAgainStaysRejectedAndAnOpenOneStartsOver() {
        create(MarketplaceSources.source(namespace, "docs", "provider-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(90))));
        await().atMost(TIMEOUT).until(() -> source("docs").getStatus() != null && Conditions.isTrue(source("docs").getStatus().getConditions(), "Live"));
        create(ConnectRequests.request(namespace, "hooli-docs", "docs", "hooli",
                new ConnectDecision(ConnectDecision.Action.reject, "bob@platform.example", "no business need")));
        create(ConnectRequests.request(namespace, "soylent-docs", "docs", "soylent", ConnectRequests.approve()));
        await().atMost(TIMEOUT).until(() -> phase("hooli-docs") == ConnectPhase.Rejected && phase("soylent-docs") == ConnectPhase.Connected);

        for (String name : List.of("hooli-docs", "soylent-docs")) {
            String uid = request(name).getMetadata().getUid();
            client.resources(ConnectRequest.class).inNamespace(namespace).withName(name).delete();
            await().atMost(TIMEOUT).until(() -> request(name) == null || !uid.equals(request(name).getMetadata().getUid()));
        }
        // Re-created without any decision: the rejection stands; the approval died with its request.
        create(ConnectRequests.request(namespace, "hooli-docs", "docs", "hooli", null));
        create(ConnectRequests.request(namespace, "soylent-docs", "docs", "soylent", null));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var hooli = request("hooli-docs");
            assertThat(hooli.getStatus()).isNotNull();
            assertThat(hooli.getStatus().getPhase()).isEqualTo(ConnectPhase.Rejected);
            assertThat(hooli.getStatus().getAuditEntries()).isEqualTo(3);
            var approved = condition(hooli.getStatus().getConditions(), "Approved");
            assertThat(approved.getMessage()).contains("Rejected by bob@platform.example", "the decision stands");
            var soylent = request("soylent-docs");
            assertThat(soylent.getStatus().getPhase()).isEqualTo(ConnectPhase.Pending);
            // Pending, Approved, Connected, Revoked by the deletion, Pending again.
            assertThat(soylent.getStatus().getAuditEntries()).isEqualTo(5);
            try (var flags = FlagdEvaluator.load(flags("soylent-docs"))) {
                assertThat(flags.bool("marketplace.docs.soylent.connected", "soylent")).isFalse();
            }
        });
        var archived = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE)
                .withName(dev.missioncontrol.core.audit.AuditPackets.archiveName(namespace, "soylent-docs")).get();
        var envelope = readEnvelope(archived.getData().get("envelope.json"));
        assertThat(AuditTrail.verify(envelope, operatorRing()).ok()).isTrue();
        assertThat(AuditTrail.subject(envelope).uid()).isEqualTo(request("soylent-docs").getMetadata().getUid());
        assertThat(AuditTrail.entries(envelope).get(3).note()).contains("was deleted while Connected");
    }

    @Test
    void aRevocationGoesThroughEvenWhenTheArchivedTrailIsBroken() {
        create(MarketplaceSources.source(namespace, "video", "provider-terms", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(90))));
        create(ConnectRequests.request(namespace, "vandelay-video", "video", "vandelay", ConnectRequests.approve()));
        await().atMost(TIMEOUT).until(() -> phase("vandelay-video") == ConnectPhase.Connected);

        // Someone with access to the operator's namespace edits the archived trail.
        var archive = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE)
                .withName(dev.missioncontrol.core.audit.AuditPackets.archiveName(namespace, "vandelay-video"));
        archive.edit(cm -> {
            cm.getData().put("envelope.json", cm.getData().get("envelope.json").replace("\"payload\" : \"", "\"payload\" : \"eyJ"));
            return cm;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(request("vandelay-video").getStatus().getConditions(),
                "AuditTrailVerified").getReason()).isEqualTo("AuditTrailTampered"));
        assertThat(phase("vandelay-video")).isEqualTo(ConnectPhase.Connected);

        ConnectRequests.revoke(namespace, "vandelay-video", new Revocation("carol@platform.example", "trail broken, cut access"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(phase("vandelay-video")).isEqualTo(ConnectPhase.Revoked);
            try (var flags = FlagdEvaluator.load(flags("vandelay-video"))) {
                assertThat(flags.bool("marketplace.video.vandelay.connected", "vandelay")).isFalse();
            }
            assertThat(client.configMaps().inNamespace(namespace).withName("vandelay-video-connection").get()).isNull();
        });
        // The broken trail is kept as evidence; the new one records the revocation and why it started over.
        assertThat(client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withLabel("missioncontrol.dev/audit-broken", "true")
                .list().getItems()).anyMatch(cm -> cm.getMetadata().getName().startsWith(
                        dev.missioncontrol.core.audit.AuditPackets.archiveName(namespace, "vandelay-video")));
        var fresh = readEnvelope(archive.get().getData().get("envelope.json"));
        assertThat(AuditTrail.verify(fresh, operatorRing()).ok()).isTrue();
        assertThat(AuditTrail.entries(fresh)).singleElement().satisfies(e -> {
            assertThat(e.to()).isEqualTo("Revoked");
            assertThat(e.actor()).isEqualTo("carol@platform.example");
            assertThat(e.note()).contains("failed verification");
        });
    }

    private void assertFails(Path bundle, Path keyFile, KeyRing.Key key, String... named) throws Exception {
        var m = mcctl("audit", "verify", bundle.toString(), "--public-keys", keyFile.toString());
        System.out.printf("[marketplace] mcctl audit verify %s:%n%s", bundle.getFileName(), m.out());
        assertThat(m.code()).as(m.out()).isEqualTo(1);
        assertThat(m.out()).contains("FAIL ").contains(named).contains("1 failed");
        if (!bundle.getFileName().toString().matches("renamed.*|other-uid.*")) {
            // The independent verifier checks signatures only: labels are mcctl's check.
            var p = securesystemslib(bundle, key.ed25519(), key.keyid());
            assertThat(p.code()).as(p.output()).isEqualTo(1);
            assertThat(p.output()).contains("FAIL globex-news");
        }
    }

    private static KeyRing operatorRing() {
        var cm = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
        return KeyRing.parse(cm.getData().get(KeyRing.dataKey(KeyRing.AUDIT)));
    }

    private static Dsse.Envelope readEnvelope(String json) {
        try {
            return JSON.readValue(json, Dsse.Envelope.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code act}, then returns what {@code look} saw the moment a watch first delivered the request in {@code phase}. */
    private String whenPhaseFirstSeen(String name, ConnectPhase phase, java.util.concurrent.Callable<String> look, Runnable act)
            throws Exception {
        var seen = new java.util.concurrent.CompletableFuture<String>();
        try (var watch = client.resources(ConnectRequest.class).inNamespace(namespace).withName(name)
                .watch(new io.fabric8.kubernetes.client.Watcher<ConnectRequest>() {
                    @Override
                    public void eventReceived(Action action, ConnectRequest r) {
                        if (!seen.isDone() && r.getStatus() != null && r.getStatus().getPhase() == phase) {
                            try {
                                seen.complete(look.call());
                            } catch (Exception e) {
                                seen.completeExceptionally(e);
                            }
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        seen.completeExceptionally(cause);
                    }
                })) {
            act.run();
            return seen.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private ConnectPhase phase(String name) {
        var r = request(name);
        return r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
    }

    private static Path relabel(Path dir, JsonNode bundle, String name, Consumer<ObjectNode> edit) throws IOException {
        JsonNode copy = bundle.deepCopy();
        edit.accept((ObjectNode) packet(copy));
        Path out = dir.resolve(name + ".json");
        JSON.writeValue(out.toFile(), copy);
        return out;
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

    /** The same payload signed with a key the tenant made: claiming the operator's key id, or naming its own. */
    private static Path resignedWithAnotherKey(Path dir, JsonNode bundle, boolean ownKeyId) throws IOException {
        JsonNode copy = bundle.deepCopy();
        ObjectNode envelope = (ObjectNode) packet(copy).get("envelope");
        var honest = JSON.treeToValue(envelope, Dsse.Envelope.class);
        var other = Ed25519Keys.generate();
        var forged = Dsse.sign(honest.payloadType(), honest.payloadBytes(), other.getPrivate(),
                ownKeyId ? Ed25519Keys.keyId(other.getPublic()) : honest.signatures().get(0).keyid());
        ((ObjectNode) packet(copy)).set("envelope", JSON.valueToTree(forged));
        Path out = dir.resolve(ownKeyId ? "own-key.json" : "other-key.json");
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

    /** Creates a resource; a ConnectRequest as its requester, then decided by its reviewer (the admission policies' rules). */
    private void create(Object resource) {
        if (resource instanceof ConnectRequest r) {
            ConnectRequests.create(r);
        } else {
            client.resource((io.fabric8.kubernetes.api.model.HasMetadata) resource).create();
        }
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
