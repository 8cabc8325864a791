package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An object the operator did not create, at the name one of its dependents needs: named in the Reconciled condition,
 * left untouched, and replaced by the operator's own once its owner deletes it (the retry, not an informer, notices).
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class ForeignObjectsIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-foreign");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    Condition reconciled(String cohort) {
        var live = client.resources(FederationCohort.class).inNamespace(namespace).withName(cohort).get();
        assertThat(live.getStatus()).as(cohort + " has a status").isNotNull();
        return Conditions.find(live.getStatus().getConditions(), ReconcileErrors.RECONCILED)
                .orElseThrow(() -> new AssertionError(cohort + " has no Reconciled condition: " + live.getStatus().getConditions()));
    }

    @Test
    void aUsersConfigMapAtTheFlagsNameIsNamedLeftAloneAndReplacedOnceDeleted() throws InterruptedException {
        ConfigMap mine = client.resource(new ConfigMapBuilder().withNewMetadata().withName("web-flags").withNamespace(namespace)
                .addToLabels("team", "a").endMetadata().addToData("mine", "yes").build()).create();
        client.resource(FederationCohorts.cohort(namespace, "web", List.of("acme"))).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reconciled("web")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ObjectNameTaken");
            assertThat(c.getMessage()).startsWith("ConfigMap " + namespace + "/web-flags exists and was not created by this "
                    + "FederationCohort (no owner): the operator leaves it untouched; delete or rename it, or give the "
                    + "FederationCohort another name");
        }));
        // Left untouched while the operator retries: not one write to it.
        Thread.sleep(5_000);
        ConfigMap after = client.configMaps().inNamespace(namespace).withName("web-flags").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(mine.getMetadata().getResourceVersion());
        assertThat(after.getData()).isEqualTo(Map.of("mine", "yes"));
        assertThat(after.getMetadata().getLabels()).isEqualTo(Map.of("team", "a"));
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();

        // Its owner deletes it: the retry creates the operator's own, and the cohort reconciles.
        client.resource(after).delete();
        String uid = client.resources(FederationCohort.class).inNamespace(namespace).withName("web").get().getMetadata().getUid();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConfigMap ours = client.configMaps().inNamespace(namespace).withName("web-flags").get();
            assertThat(ours).isNotNull();
            assertThat(ours.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.OPERATOR_NAME);
            assertThat(ours.getMetadata().getOwnerReferences()).anySatisfy(o -> assertThat(o.getUid()).isEqualTo(uid));
            assertThat(reconciled("web").getStatus()).isEqualTo("True");
        });
    }
}
