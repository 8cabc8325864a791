package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeteringRotation against the local control plane and a real Prometheus, with 3 s windows: the operator signs each
 * window's usage with a key in its own namespace, and the export CronJob's exact command (delivery only) runs as a
 * local process (pods do not run in the simulated cluster).
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class MeteringRotationIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NAMES = List.of("finance", "rotating", "backfill", "gaps", "forgery", "again", "far-back");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-metering")
            .withMetrics(m -> m.metering("m-drift", 5.0, 0.995).metering("m-close", 5.0, 0.998).metering("m-exact", 5.0, 1.0)
                .metering("r-one", 2.0, 1.0).metering("b-one", 2.0, 1.0).metering("b-two", 3.0, 1.0).metering("g-real", 2.0, 1.0)
                .metering("f-one", 2.0, 1.0).metering("a-one", 2.0, 1.0));
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
        Thread.sleep(12_000); // a few windows of scraped history before the first export
    }

    @AfterAll
    static void deleteArchive() {
        if (client != null) {
            MeteringRotations.deleteArchive(client, namespace, NAMES);
        }
    }

    @Test
    void exportsThreeTenantsAndFlagsA05PercentDriftButNot02(@TempDir Path volume) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "finance", List.of("m-drift", "m-close", "m-exact"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(9), "1h")).create();
        awaitPending("finance", 6);
        var run = MeteringRotations.runExportJob(client, namespace, "finance", volume);
        System.out.printf("[metering] export run:%n%s", run.output());
        assertThat(run.code()).as(run.output()).isZero();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = get("finance").getStatus();
            assertThat(s.getReceiptCount()).isGreaterThanOrEqualTo(6).isEqualTo(files(volume).size());
            assertThat(s.getReceipts()).extracting(r -> r.tenant()).contains("m-drift", "m-close", "m-exact");
            assertThat(s.getExportedThrough()).isNotNull();
            var drift = condition("finance", "DriftDetected");
            assertThat(drift.getStatus()).isEqualTo("True");
            assertThat(drift.getMessage()).contains("m-drift").doesNotContain("m-close").doesNotContain("m-exact");
        });
        var variances = get("finance").getStatus().getVariances();
        assertThat(variances).filteredOn(v -> v.tenant().equals("m-drift")).singleElement()
                .satisfies(v -> assertThat(v.variance()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(0.0002)));
        assertThat(variances).filteredOn(v -> v.tenant().equals("m-close")).singleElement().satisfies(v -> {
            assertThat(v.variance()).isCloseTo(0.002, org.assertj.core.data.Offset.offset(0.0002));
            assertThat(v.verdict()).isEqualTo(dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict.Within);
        });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(e -> "finance".equals(e.getInvolvedObject().getName()) && "DriftDetected".equals(e.getReason()));
        // The exporter holds no key and its Role grants no Secret.
        var role = client.rbac().roles().inNamespace(namespace).withName("finance-exporter").get();
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("secrets"));
        System.out.printf("[metering] variances: %s%n", variances);
    }

    @Test
    void rotationKeepsOldExportsVerifiableAndARehearsalSwitchesNothing(@TempDir Path volume, @TempDir Path scratch) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "rotating", List.of("r-one"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(6), "1h")).create();
        await().atMost(TIMEOUT).until(() -> get("rotating").getStatus() != null && get("rotating").getStatus().getKeyId() != null);
        String firstKey = get("rotating").getStatus().getKeyId();
        String purpose = get("rotating").getStatus().getSigningPurpose();
        assertThat(purpose).isEqualTo(SigningKeys.purposeFor("metering", namespace, "rotating"));
        awaitPending("rotating", 1);
        assertThat(MeteringRotations.runExportJob(client, namespace, "rotating", volume).code()).isZero();

        var keySecret = client.secrets().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(SigningKeys.secretName(purpose));
        var signingKey = keySecret.get().getData();
        String ringBefore = operatorRing(purpose);
        annotate("rotating", MeteringRotationReconciler.REHEARSE, "drill-1");
        await().atMost(TIMEOUT).until(() -> !get("rotating").getStatus().getRehearsals().isEmpty());
        var rehearsal = get("rotating").getStatus().getRehearsals().get(0);
        assertThat(rehearsal.outcome()).isEqualTo(dev.missioncontrol.operator.api.v1alpha1.RehearsalOutcome.Succeeded);
        assertThat(rehearsal.message()).contains("nothing switched");
        assertThat(get("rotating").getStatus().getKeyId()).as("a rehearsal switches nothing").isEqualTo(firstKey);
        assertThat(keySecret.get().getData()).as("a rehearsal leaves the signing key Secret as it was").isEqualTo(signingKey);
        assertThat(operatorRing(purpose)).as("a rehearsal publishes no key").isEqualTo(ringBefore);

        annotate("rotating", MeteringRotationReconciler.ROTATE, "2026-11-25");
        await().atMost(TIMEOUT).until(() -> !firstKey.equals(get("rotating").getStatus().getKeyId()));
        assertThat(get("rotating").getStatus().getPreviousKeyId()).isEqualTo(firstKey);
        String secondKey = get("rotating").getStatus().getKeyId();
        // One more window closes; it is signed with the new key.
        await().atMost(TIMEOUT).until(() -> pending("rotating").values().stream().anyMatch(f -> f.contains(secondKey)));
        assertThat(MeteringRotations.runExportJob(client, namespace, "rotating", volume).code()).isZero();

        var verify = ProcessRunner.mcctl("metering", "verify", volume.resolve("usage").toString(), "--from-cluster", "--purpose", purpose,
                "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
        System.out.printf("[metering] mcctl metering verify after rotation:%n%s", verify.output());
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("(key " + firstKey.substring(0, 12) + ")").contains("(key " + secondKey.substring(0, 12) + ")");
        Path ring = scratch.resolve("ring.json");
        Files.writeString(ring, operatorRing(purpose));
        assertThat(KeyRing.parse(Files.readString(ring)).keys()).extracting(KeyRing.Key::keyid).containsExactly(firstKey, secondKey);
        var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--usage", volume.resolve("usage").toString(), ring.toString());
        System.out.printf("[metering] securesystemslib after rotation:%n%s", python.output());
        assertThat(python.code()).as(python.output()).isZero();
    }

    @Test
    void missedWindowsAreLateThenBackfilledExactlyOnce(@TempDir Path volume) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "backfill", List.of("b-one", "b-two"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(6), "1s")).create();
        awaitPending("backfill", 2);
        assertThat(MeteringRotations.runExportJob(client, namespace, "backfill", volume).code()).isZero();
        int before = files(volume).size();
        // The exporter is down for two windows: both are signed but not delivered, and late after their grace period.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var late = condition("backfill", "ExportLate");
            assertThat(late.getStatus()).isEqualTo("True");
            assertThat(late.getReason()).isEqualTo("WindowsLate");
            assertThat(get("backfill").getStatus().getLateWindows()).hasSizeGreaterThanOrEqualTo(2);
        });
        var lateWindows = get("backfill").getStatus().getLateWindows().stream().map(l -> l.window()).toList();
        System.out.printf("[metering] late windows: %s%n", lateWindows);

        var backfill = MeteringRotations.runExportJob(client, namespace, "backfill", volume);
        System.out.printf("[metering] backfill run:%n%s", backfill.output());
        assertThat(backfill.code()).isZero();
        for (String window : lateWindows) {
            assertThat(files(volume)).as("window %s exported for both tenants", window)
                    .filteredOn(f -> f.getFileName().toString().startsWith(window)).hasSize(2);
        }
        // The late windows are delivered and no longer late. (With 3 s windows and a 1 s grace period a newer window may
        // already be late again while the exporter is idle, so the condition itself may stay True: the windows are checked.)
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("backfill").getStatus().getLateWindows())
                .extracting(l -> l.window()).doesNotContainAnyElementsOf(lateWindows));
        int after = files(volume).size();
        assertThat(after).isGreaterThanOrEqualTo(before + 2 * lateWindows.size());
        // Delivered entries leave the pending ConfigMap; what remains is new, so nothing is written twice.
        await().atMost(TIMEOUT).until(() -> lateWindows.stream().noneMatch(w -> pending("backfill").keySet().stream().anyMatch(k -> k.startsWith(w))));
        var again = MeteringRotations.runExportJob(client, namespace, "backfill", volume);
        for (String window : lateWindows) {
            assertThat(again.output()).as("window %s delivered once", window).doesNotContain("/" + window);
        }
        assertThat(files(volume).stream().map(f -> f.getFileName().toString() + f.getParent().getFileName()).distinct().count())
                .isEqualTo(files(volume).size());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("backfill").getStatus().getReceiptCount()).isEqualTo(files(volume).size()));
    }

    @Test
    void aNewRotationWhoseSinceIsFarBackRecordsOneExportLateEventCountingItsLateWindows() {
        // Hour windows since 30 hours ago for a tenant without usage data: every closed window is late at once.
        client.resource(MeteringRotations.rotation(namespace, "far-back", List.of("l-none"), cluster.prometheusAddress(), "1h",
                Instant.now().minus(Duration.ofHours(30)), "1m")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("far-back").getStatus().getLateWindows()).hasSizeGreaterThanOrEqualTo(29));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            int late = get("far-back").getStatus().getLateWindows().size(); // one more may turn late at the top of the hour
            assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .filteredOn(e -> "far-back".equals(e.getInvolvedObject().getName()) && "ExportLate".equals(e.getReason()))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getCount()).as("one Event counting the late windows").isEqualTo(late);
                        assertThat(e.getMessage()).contains(" windows have no export past the 1m grace period", "no series for l-none");
                    });
        });
        var event = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "far-back".equals(e.getInvolvedObject().getName()) && "ExportLate".equals(e.getReason())).findFirst().orElseThrow();
        System.out.printf("[metering] %s x%d: %s%n", event.getReason(), event.getCount(), event.getMessage());
    }

    @Test
    void aWindowWithoutUsageDataIsNeverExportedAsZeroUntilAPersonAttestsIt(@TempDir Path volume) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "gaps", List.of("g-real", "g-ghost"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(6), "1s")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var late = condition("gaps", "ExportLate");
            assertThat(late.getStatus()).isEqualTo("True");
            assertThat(late.getReason()).isEqualTo("NoUsageData");
            assertThat(late.getMessage()).contains("g-ghost@").doesNotContain("g-real@").contains(MeteringRotationReconciler.ATTEST_ZERO);
            assertThat(get("gaps").getStatus().getNoUsageData()).isNotEmpty().allSatisfy(l -> assertThat(l.tenants()).containsExactly("g-ghost"));
        });
        awaitPending("gaps", 1);
        var run = MeteringRotations.runExportJob(client, namespace, "gaps", volume);
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(files(volume)).isNotEmpty().allSatisfy(f -> assertThat(f.toString()).contains("/g-real/"));
        assertThat(pending("gaps").keySet()).noneMatch(k -> k.endsWith(".g-ghost"));
        assertThat(client.configMaps().inNamespace(namespace).withName("gaps-receipts").get().getData()).isNotEmpty()
                .allSatisfy((k, v) -> assertThat(k).endsWith(".g-real"));

        // A person attests one window as truly zero: it is signed as zero, basis attested-zero, with an Event.
        String window = get("gaps").getStatus().getNoUsageData().get(0).window();
        Edits.edit(Actors.operator().resources(MeteringRotation.class).inNamespace(namespace).withName("gaps"), r -> {
            r.getMetadata().getAnnotations().put(MeteringRotationReconciler.ATTEST_ZERO, "g-ghost@" + window);
            r.getMetadata().getAnnotations().put(MeteringPlanner.ATTESTED_BY, Actors.OPERATOR);
            return r;
        });
        await().atMost(TIMEOUT).until(() -> pending("gaps").containsKey(window + ".g-ghost"));
        assertThat(MeteringRotations.runExportJob(client, namespace, "gaps", volume).code()).isZero();
        var verify = ProcessRunner.mcctl("metering", "verify", volume.resolve("usage").toString(), "--from-cluster", "--purpose",
                get("gaps").getStatus().getSigningPurpose(), "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("g-ghost/" + window + ".usage.json: tenant g-ghost window " + window + " total 0.0 basis attested-zero by " + Actors.OPERATOR);
        assertThat(files(volume)).filteredOn(f -> f.toString().contains("/g-ghost/")).hasSize(1);
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(e -> "gaps".equals(e.getInvolvedObject().getName()) && "UsageAttestedZero".equals(e.getReason()));
    }

    @Test
    void aTenantAdminCannotReadTheKeyAndExportsItForgesFailVerification(@TempDir Path volume, @TempDir Path scratch) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "forgery", List.of("f-one"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(9), "1h")).create();
        awaitPending("forgery", 2);
        assertThat(MeteringRotations.runExportJob(client, namespace, "forgery", volume).code()).isZero();
        String purpose = get("forgery").getStatus().getSigningPurpose();
        String operatorKey = get("forgery").getStatus().getKeyId();

        assertThat(client.secrets().inNamespace(namespace).list().getItems()).as("no private key in the tenant's namespace")
                .noneMatch(s -> s.getData() != null && s.getData().values().stream()
                        .anyMatch(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).contains("PRIVATE KEY")));
        client.resource(new RoleBindingBuilder().withNewMetadata().withName("tenant-admin").withNamespace(namespace).endMetadata()
                .withRoleRef(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin"))
                .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName("tenant-admin").endSubject().build())
                .createOr(NonDeletingOperation::update);
        try (var tenant = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withImpersonateUsername("tenant-admin").build()).build()) {
            await().atMost(TIMEOUT).until(() -> tenant.configMaps().inNamespace(namespace).list() != null);
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(() -> tenant.secrets()
                    .inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(SigningKeys.secretName(purpose)).get(), KubernetesClientException.class);
            assertThat(refused).as("the tenant admin reads the export-signing key").isNotNull();
            assertThat(refused.getCode()).isEqualTo(403);

            // The tenant re-signs two exports: one with a key it made, one claiming the operator's key id.
            List<Path> delivered = files(volume).stream().sorted().toList();
            assertThat(delivered).hasSizeGreaterThanOrEqualTo(2);
            var own = Ed25519Keys.generate();
            String ownId = Ed25519Keys.keyId(own.getPublic());
            forge(delivered.get(0), own.getPrivate(), ownId);
            forge(delivered.get(1), own.getPrivate(), operatorKey);
            // and adds its key to the copy of the ring in its own namespace, which verifiers never trust.
            var copy = tenant.configMaps().inNamespace(namespace).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
            var withOwn = new KeyRing(purpose, Stream.concat(KeyRing.parse(copy.getData().get(KeyRing.dataKey(purpose))).keys().stream(),
                    Stream.of(new KeyRing.Key(ownId, Ed25519Keys.rawPublicHex(own.getPublic()), Instant.now().toString(), null))).toList());
            copy.getData().put(KeyRing.dataKey(purpose), withOwn.toJson());
            copy.getMetadata().setManagedFields(null);
            tenant.resource(copy).update();

            var verify = ProcessRunner.mcctl("metering", "verify", volume.resolve("usage").toString(), "--from-cluster", "--purpose", purpose,
                    "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
            System.out.printf("[metering] mcctl metering verify of forged exports:%n%s", verify.output());
            assertThat(verify.code()).isEqualTo(1);
            assertThat(verify.output()).contains("FAIL " + volume.resolve("usage").relativize(delivered.get(0)) + ": signed with key " + ownId
                    + ", which is not in the operator's key ring");
            assertThat(verify.output()).contains("FAIL " + volume.resolve("usage").relativize(delivered.get(1)) + ": signature does not verify");
            Path ring = scratch.resolve("ring.json");
            Files.writeString(ring, operatorRing(purpose));
            var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--usage", volume.resolve("usage").toString(), ring.toString());
            System.out.printf("[metering] securesystemslib on forged exports:%n%s", python.output());
            assertThat(python.code()).isEqualTo(1);
            assertThat(python.output()).contains("FAIL " + volume.resolve("usage").relativize(delivered.get(0)))
                    .contains("FAIL " + volume.resolve("usage").relativize(delivered.get(1)));

            // The tenant edits a receipt to match its forged file: the operator names it, it does not accept it.
            String key = delivered.get(0).getFileName().toString().replace(".usage.json", "") + ".f-one";
            var receipts = tenant.configMaps().inNamespace(namespace).withName("forgery-receipts").get();
            ObjectNode receipt = (ObjectNode) JSON.readTree(receipts.getData().get(key));
            receipt.put("digest", UsageExports.digest(Files.readAllBytes(delivered.get(0))));
            receipts.getData().put(key, JSON.writeValueAsString(receipt));
            receipts.getMetadata().setManagedFields(null);
            tenant.resource(receipts).update();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var mismatch = condition("forgery", "ReceiptMismatch");
            assertThat(mismatch.getStatus()).isEqualTo("True");
            assertThat(mismatch.getReason()).isEqualTo("DigestMismatch");
            assertThat(mismatch.getMessage()).contains(delivered(volume).get(0) + ".f-one");
        });
    }

    @Test
    void aDeletedAndRecreatedRotationKeepsItsKeysAndExportsNoWindowTwice(@TempDir Path volume) throws Exception {
        var spec = MeteringRotations.rotation(namespace, "again", List.of("a-one"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(9), "1h");
        client.resource(spec).create();
        awaitPending("again", 2);
        assertThat(MeteringRotations.runExportJob(client, namespace, "again", volume).code()).isZero();
        String purpose = get("again").getStatus().getSigningPurpose();
        String keyId = get("again").getStatus().getKeyId();
        Map<Path, byte[]> first = new TreeMap<>();
        for (Path f : files(volume)) {
            first.put(f, Files.readAllBytes(f));
        }
        await().atMost(TIMEOUT).until(() -> get("again").getStatus().getReceiptCount() == first.size());

        client.resources(MeteringRotation.class).inNamespace(namespace).withName("again").delete();
        await().atMost(TIMEOUT).until(() -> get("again") == null
                && client.configMaps().inNamespace(namespace).withName("again-receipts").get() == null);
        spec.getMetadata().setResourceVersion(null);
        spec.getMetadata().setUid(null);
        spec.setStatus(null);
        client.resource(spec).create();
        await().atMost(TIMEOUT).until(() -> get("again").getStatus() != null && get("again").getStatus().getKeyId() != null);
        assertThat(get("again").getStatus().getSigningPurpose()).isEqualTo(purpose);
        assertThat(get("again").getStatus().getKeyId()).as("the same key, not a new one").isEqualTo(keyId);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("again").getStatus().getReceiptCount())
                .as("the archive remembers what was delivered").isGreaterThanOrEqualTo(first.size()));
        awaitPending("again", 1);

        var run = MeteringRotations.runExportJob(client, namespace, "again", volume);
        System.out.printf("[metering] export after re-creation:%n%s", run.output());
        assertThat(run.code()).as(run.output()).isZero();
        for (var e : first.entrySet()) {
            assertThat(run.output()).as("%s is not exported again", e.getKey()).doesNotContain(volume.resolve("usage").relativize(e.getKey()).toString());
            assertThat(Files.readAllBytes(e.getKey())).as("%s unchanged", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(files(volume)).hasSizeGreaterThan(first.size());
        var verify = ProcessRunner.mcctl("metering", "verify", volume.resolve("usage").toString(), "--from-cluster", "--purpose", purpose,
                "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).contains(files(volume).size() + " file(s), 0 failed");
    }

    private static void forge(Path file, java.security.PrivateKey key, String keyId) throws Exception {
        var envelope = JSON.readValue(file.toFile(), Dsse.Envelope.class);
        ObjectNode usage = (ObjectNode) JSON.readTree(envelope.payloadBytes());
        usage.put("total", 1.0);
        var forged = Dsse.sign(envelope.payloadType(), JSON.writeValueAsBytes(usage), key, keyId);
        Files.write(file, UsageExports.fileBytes(forged));
    }

    private static List<String> delivered(Path volume) throws Exception {
        return files(volume).stream().sorted().map(f -> f.getFileName().toString().replace(".usage.json", "")).toList();
    }

    private static String operatorRing(String purpose) {
        return client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get().getData()
                .get(KeyRing.dataKey(purpose));
    }

    private static void awaitPending(String name, int atLeast) {
        await().atMost(TIMEOUT).until(() -> client.batch().v1().cronjobs().inNamespace(namespace).withName(name + "-export").get() != null
                && client.configMaps().inNamespace(namespace).withName(name + "-receipts").get() != null
                && pending(name).size() >= atLeast);
    }

    private static Map<String, String> pending(String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name + "-exports").get();
        return cm == null || cm.getData() == null ? Map.of() : new HashMap<>(cm.getData());
    }

    private static List<Path> files(Path volume) throws Exception {
        Path usage = volume.resolve("usage");
        if (!Files.isDirectory(usage)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(usage)) {
            return walk.filter(p -> p.toString().endsWith(".usage.json")).toList();
        }
    }

    /** As a member of the operator group: rotate-key is a decision (rehearse-rotation is not, but needs no other user). */
    private void annotate(String name, String key, String value) {
        Edits.edit(Actors.operator().resources(MeteringRotation.class).inNamespace(namespace).withName(name), r -> {
            r.getMetadata().getAnnotations().put(key, value);
            return r;
        });
    }

    private static MeteringRotation get(String name) {
        return client.resources(MeteringRotation.class).inNamespace(namespace).withName(name).get();
    }

    private static Condition condition(String name, String type) {
        var s = get(name).getStatus();
        return Conditions.find(s == null ? List.of() : s.getConditions(), type).orElseThrow(() -> new AssertionError("no " + type));
    }
}
