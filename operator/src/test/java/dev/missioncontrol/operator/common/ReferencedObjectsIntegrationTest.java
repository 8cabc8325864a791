package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.marketplace.MarketplaceSourceReconciler;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.MeteringRotations;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Things a resource refers to, named in a condition as soon as the operator can see them, with what to do, and the
 * message kept current when the referenced object appears: a missing MarketplaceSource, a missing
 * PersistentVolumeClaim, a license ConfigMap without the key, a cycle of spec.after.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class ReferencedObjectsIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-refs");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    <T extends CustomResource<?, ?>> Condition condition(Class<T> type, String name, String conditionType) {
        var live = client.resources(type).inNamespace(namespace).withName(name).get();
        assertThat(live).isNotNull();
        assertThat(live.getStatus()).as(name + " has a status").isNotNull();
        List<Condition> conditions = ((dev.missioncontrol.operator.api.v1alpha1.HasConditions) live.getStatus()).getConditions();
        return Conditions.find(conditions, conditionType).orElseThrow(() -> new AssertionError(name + " has no " + conditionType
                + " condition: " + conditions));
    }

    @Test
    void aMissingSourceIsNamedBeforeAnyDecisionAndClearsWhenItAppears() {
        ConnectRequests.create(ConnectRequests.request(namespace, "to-nowhere", "newswire", "acme", null)); // as its requester
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(ConnectRequest.class, "to-nowhere", "SourceReady"))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("SourceNotFound");
                    assertThat(c.getMessage()).contains("MarketplaceSource newswire does not exist in namespace " + namespace);
                }));
        MarketplaceSources.licenseText(client, namespace, "newswire-terms", MarketplaceSources.TERMS);
        client.resource(MarketplaceSources.source(namespace, "newswire", "newswire-terms", MarketplaceSources.TERMS,
                Instant.now().plus(30, ChronoUnit.DAYS))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(ConnectRequest.class, "to-nowhere", "SourceReady").getReason())
                .isIn("SourceConnectable", "SourceNotConnectable"));
    }

    @Test
    void aLicenseConfigMapWithoutTheKeyListsTheKeysItHas() {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("wrong-key").withNamespace(namespace)
                .addToLabels(MarketplaceSourceReconciler.LICENSE_TEXT_LABEL, "true").endMetadata()
                .addToData(Map.of("README", "see LICENSE", "license.txt", MarketplaceSources.TERMS)).build()).create();
        client.resource(MarketplaceSources.source(namespace, "keyless", "wrong-key", MarketplaceSources.TERMS,
                Instant.now().plus(30, ChronoUnit.DAYS))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(MarketplaceSource.class, "keyless", "LicenseVerified"))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("LicenseTextKeyMissing");
                    assertThat(c.getMessage()).contains("ConfigMap wrong-key has no key LICENSE (it has README, license.txt)")
                            .doesNotContain(MarketplaceSources.TERMS.strip());
                }));
        // Left untouched: the operator wrote nothing to it.
        assertThat(client.configMaps().inNamespace(namespace).withName("wrong-key").get().getData()).containsOnlyKeys("README", "license.txt");
    }

    @Test
    void aMissingExportClaimIsNamedAndClearsWhenItIsCreated() {
        client.resource(MeteringRotations.rotation(namespace, "usage", List.of("acme"), "http://127.0.0.1:9", "1h",
                Instant.now().truncatedTo(ChronoUnit.HOURS), "10m")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(MeteringRotation.class, "usage", "ExportDestinationReady"))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("PersistentVolumeClaimMissing");
                    assertThat(c.getMessage()).contains("PersistentVolumeClaim finance-exports", "does not exist in namespace " + namespace);
                }));
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("finance-exports").withNamespace(namespace)
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(MeteringRotation.class, "usage", "ExportDestinationReady")
                .getReason()).isEqualTo("PersistentVolumeClaimFound"));
    }

    @Test
    void aCycleOfAfterIsNamedAndTheMessageFollowsTheOtherCohort() {
        var a = FederationCohorts.cohort(namespace, "cycle-a", List.of("acme"));
        a.getSpec().setAfter("cycle-b");
        client.resource(a).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(FederationCohort.class, "cycle-a", "AfterResolved"))
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("AfterCohortMissing");
                    assertThat(c.getMessage()).contains("FederationCohort cycle-b, which does not exist");
                }));
        var b = FederationCohorts.cohort(namespace, "cycle-b", List.of("globex"));
        b.getSpec().setAfter("cycle-a");
        client.resource(b).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition(FederationCohort.class, "cycle-a", "AfterResolved").getMessage()).contains("cycle-a → cycle-b → cycle-a");
            assertThat(condition(FederationCohort.class, "cycle-b", "AfterResolved").getMessage()).contains("cycle-b → cycle-a → cycle-b");
        });
        client.resources(FederationCohort.class).inNamespace(namespace).withName("cycle-b").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(FederationCohort.class, "cycle-a", "AfterResolved").getReason())
                .isEqualTo("AfterCohortMissing"));
    }
}
