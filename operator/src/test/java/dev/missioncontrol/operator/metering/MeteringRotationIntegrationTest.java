package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeteringRotation against the local control plane and a real Prometheus: the export CronJob's exact
 * command runs as a local process (pods do not run in the simulated cluster), with 3 s windows.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class MeteringRotationIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-metering")
            .withMetrics(m -> m.metering("m-drift", 5.0, 0.995).metering("m-close", 5.0, 0.998).metering("m-exact", 5.0, 1.0)
                .metering("r-one", 2.0, 1.0).metering("b-one", 2.0, 1.0).metering("b-two", 3.0, 1.0));
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
        Thread.sleep(12_000); // a few windows of scraped history before the first export
    }

    @Test
    void exportsThreeTenantsAndFlagsA05PercentDriftButNot02(@TempDir Path volume) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "finance", List.of("m-drift", "m-close", "m-exact"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(9), "1h")).create();
        await().atMost(TIMEOUT).until(() -> client.batch().v1().cronjobs().inNamespace(namespace).withName("finance-export").get() != null
                && client.secrets().inNamespace(namespace).withName("finance-signing-key").get() != null);
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
        System.out.printf("[metering] variances: %s%n", variances);
    }

    @Test
    void rotationKeepsOldExportsVerifiableAndARehearsalSwitchesNothing(@TempDir Path volume, @TempDir Path scratch) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "rotating", List.of("r-one"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(6), "1h")).create();
        await().atMost(TIMEOUT).until(() -> get("rotating").getStatus() != null && get("rotating").getStatus().getKeyId() != null);
        String firstKey = get("rotating").getStatus().getKeyId();
        assertThat(MeteringRotations.runExportJob(client, namespace, "rotating", volume).code()).isZero();

        await().atMost(TIMEOUT).until(() -> client.secrets().inNamespace(namespace).withName("rotating-signing-key").get() != null
                && client.configMaps().inNamespace(namespace).withName("rotating-public-keys").get() != null);
        var signingKey = client.secrets().inNamespace(namespace).withName("rotating-signing-key").get().getData();
        var publicKeys = client.configMaps().inNamespace(namespace).withName("rotating-public-keys").get().getData();
        annotate("rotating", MeteringRotationReconciler.REHEARSE, "drill-1");
        await().atMost(TIMEOUT).until(() -> !get("rotating").getStatus().getRehearsals().isEmpty());
        var rehearsal = get("rotating").getStatus().getRehearsals().get(0);
        assertThat(rehearsal.outcome()).isEqualTo(dev.missioncontrol.operator.api.v1alpha1.RehearsalOutcome.Succeeded);
        assertThat(rehearsal.message()).contains("nothing switched");
        assertThat(get("rotating").getStatus().getKeyId()).as("a rehearsal switches nothing").isEqualTo(firstKey);
        assertThat(client.secrets().inNamespace(namespace).withName("rotating-signing-key").get().getData())
                .as("a rehearsal leaves the signing key Secret as it was").isEqualTo(signingKey);
        assertThat(client.configMaps().inNamespace(namespace).withName("rotating-public-keys").get().getData())
                .as("a rehearsal publishes no key").isEqualTo(publicKeys);

        annotate("rotating", MeteringRotationReconciler.ROTATE, "2026-11-25");
        await().atMost(TIMEOUT).until(() -> !firstKey.equals(get("rotating").getStatus().getKeyId()));
        assertThat(get("rotating").getStatus().getPreviousKeyId()).isEqualTo(firstKey);
        Thread.sleep(3_500); // one more window closes; it is signed with the new key
        assertThat(MeteringRotations.runExportJob(client, namespace, "rotating", volume).code()).isZero();

        Path keys = scratch.resolve("keys.json");
        await().atMost(TIMEOUT).until(() -> client.configMaps().inNamespace(namespace).withName("rotating-public-keys").get()
                .getData().get("keys.json").contains(firstKey));
        Files.writeString(keys, client.configMaps().inNamespace(namespace).withName("rotating-public-keys").get().getData().get("keys.json"));
        var verify = ProcessRunner.mcctl("metering", "verify", volume.resolve("usage").toString(), "--public-keys", keys.toString());
        System.out.printf("[metering] mcctl metering verify after rotation:%n%s", verify.output());
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("(key " + firstKey.substring(0, 12) + ")")
                .contains("(key " + get("rotating").getStatus().getKeyId().substring(0, 12) + ")");
        var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--usage", volume.resolve("usage").toString(), keys.toString());
        System.out.printf("[metering] securesystemslib after rotation:%n%s", python.output());
        assertThat(python.code()).as(python.output()).isZero();
    }

    @Test
    void missedWindowsAreLateThenBackfilledExactlyOnce(@TempDir Path volume) throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "backfill", List.of("b-one", "b-two"), cluster.prometheusAddress(), "3s",
                Instant.now().minusSeconds(6), "1s")).create();
        await().atMost(TIMEOUT).until(() -> client.batch().v1().cronjobs().inNamespace(namespace).withName("backfill-export").get() != null
                && client.secrets().inNamespace(namespace).withName("backfill-signing-key").get() != null);
        assertThat(MeteringRotations.runExportJob(client, namespace, "backfill", volume).code()).isZero();
        int before = files(volume).size();
        // The exporter is down for two windows: both become late after their grace period, by themselves.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var late = condition("backfill", "ExportLate");
            assertThat(late.getStatus()).isEqualTo("True");
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
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition("backfill", "ExportLate").getStatus()).isEqualTo("False"));
        int after = files(volume).size();
        assertThat(after).isGreaterThanOrEqualTo(before + 2 * lateWindows.size());
        var again = MeteringRotations.runExportJob(client, namespace, "backfill", volume);
        assertThat(again.output()).as("nothing is exported twice").contains(" already exported");
        assertThat(files(volume).stream().map(f -> f.getFileName().toString() + f.getParent().getFileName()).distinct().count())
                .isEqualTo(files(volume).size());
        assertThat(get("backfill").getStatus().getReceiptCount()).isEqualTo(files(volume).size());
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

    private MeteringRotation get(String name) {
        return client.resources(MeteringRotation.class).inNamespace(namespace).withName(name).get();
    }

    private Condition condition(String name, String type) {
        var s = get(name).getStatus();
        return Conditions.find(s == null ? List.of() : s.getConditions(), type).orElseThrow(() -> new AssertionError("no " + type));
    }
}
