package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Conditions;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator, booted by Quarkus, reconciling against the real kube-apiserver of the local control plane:
 * kube-controller-manager runs the Deployment and garbage collectors, kwok plays the nodes and kubelets.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class FederationCohortReconcilerIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-it");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void cohortBecomesReadyOnceItsGatewayDeploymentIsAvailable() {
        client.resource(FederationCohorts.cohort(namespace, "cohort-1", List.of("acme", "globex", "initech"))).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName("cohort-1-gateway").get();
            assertThat(d).as("gateway Deployment").isNotNull();
            assertThat(d.getStatus().getAvailableReplicas()).as("available replicas reported by the Deployment controller").isEqualTo(2);
        });
        System.out.printf("[it] Deployment %s/cohort-1-gateway Available: 2/2 replicas on kwok nodes%n", namespace);
        FederationCohort ready = awaitCondition("cohort-1", FederationCohortStatusBuilder.READY, "True");
        System.out.printf("[it] cohort %s/%s Ready=True: %s%n", namespace, "cohort-1",
                Conditions.find(ready.getStatus().getConditions(), "Ready").orElseThrow().getMessage());
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(ready.getStatus().getTenantCount()).isEqualTo(3);
        assertThat(Conditions.find(ready.getStatus().getConditions(), "Promoted")).as("no spec.rollout: every tenant at once").get()
                .extracting(c -> c.getReason()).isEqualTo("Promoted");
        assertThat(ready.getStatus().getEnabledTenants()).containsExactly("acme", "globex", "initech");

        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("cohort-1-gateway").get();
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/federation-gateway:1.4.2");
        Service service = client.services().inNamespace(namespace).withName("cohort-1-gateway").get();
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
        ConfigMap plan = client.configMaps().inNamespace(namespace).withName("cohort-1-federation-plan").get();
        assertThat(plan.getData().get("plan.json")).contains("\"acme\"", "\"globex\"", "\"initech\"",
                "https://search-products.example.com/query");
    }

    @Test
    void operatorAtRestIssuesNoWrites() throws InterruptedException {
        client.resource(FederationCohorts.cohort(namespace, "at-rest", List.of("acme"))).create();
        awaitCondition("at-rest", FederationCohortStatusBuilder.READY, "True");
        await().atMost(TIMEOUT).until(() -> client.configMaps().inNamespace(namespace).withName("at-rest-flags").get()
                .getData().get("flags.json").contains("\"acme\""));
        String cohortVersion = client.resources(FederationCohort.class).inNamespace(namespace).withName("at-rest").get()
                .getMetadata().getResourceVersion();
        String planVersion = client.configMaps().inNamespace(namespace).withName("at-rest-federation-plan").get()
                .getMetadata().getResourceVersion();
        String serviceVersion = client.services().inNamespace(namespace).withName("at-rest-gateway").get()
                .getMetadata().getResourceVersion();
        String flagsVersion = client.configMaps().inNamespace(namespace).withName("at-rest-flags").get()
                .getMetadata().getResourceVersion();
        // Any reconcile the watches still deliver (late Deployment status events) must end in no write.
        Thread.sleep(5_000);
        assertThat(client.resources(FederationCohort.class).inNamespace(namespace).withName("at-rest").get()
                .getMetadata().getResourceVersion()).isEqualTo(cohortVersion);
        assertThat(client.configMaps().inNamespace(namespace).withName("at-rest-federation-plan").get()
                .getMetadata().getResourceVersion()).isEqualTo(planVersion);
        assertThat(client.services().inNamespace(namespace).withName("at-rest-gateway").get()
                .getMetadata().getResourceVersion()).isEqualTo(serviceVersion);
        assertThat(client.configMaps().inNamespace(namespace).withName("at-rest-flags").get()
                .getMetadata().getResourceVersion()).isEqualTo(flagsVersion);
    }

    @Test
    void specChangeUpdatesPlanWithoutTouchingTheUsersSpec() {
        client.resource(FederationCohorts.cohort(namespace, "grows", List.of("acme"))).create();
        awaitCondition("grows", FederationCohortStatusBuilder.READY, "True");
        var cohorts = client.resources(FederationCohort.class).inNamespace(namespace);
        FederationCohort edited = Edits.edit(cohorts.withName("grows"), c -> {
            c.getSpec().setTenants(new ArrayList<>(List.of("acme", "umbrella")));
            return c;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConfigMap plan = client.configMaps().inNamespace(namespace).withName("grows-federation-plan").get();
            assertThat(plan.getData().get("plan.json")).contains("\"umbrella\"");
            FederationCohort current = cohorts.withName("grows").get();
            assertThat(current.getStatus().getObservedGeneration()).isEqualTo(edited.getMetadata().getGeneration());
            assertThat(current.getStatus().getTenantCount()).isEqualTo(2);
        });
        FederationCohort current = cohorts.withName("grows").get();
        assertThat(current.getMetadata().getGeneration()).as("the operator never writes the spec").isEqualTo(edited.getMetadata().getGeneration());
        assertThat(current.getSpec().getTenants()).containsExactly("acme", "umbrella");
    }

    @Test
    void deletingTheCohortGarbageCollectsWhatItOwns() {
        client.resource(FederationCohorts.cohort(namespace, "short-lived", List.of("acme"))).create();
        await().atMost(TIMEOUT).until(() ->
                client.configMaps().inNamespace(namespace).withName("short-lived-federation-plan").get() != null
                        && client.apps().deployments().inNamespace(namespace).withName("short-lived-gateway").get() != null);
        client.resources(FederationCohort.class).inNamespace(namespace).withName("short-lived").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(namespace).withName("short-lived-federation-plan").get()).isNull();
            assertThat(client.apps().deployments().inNamespace(namespace).withName("short-lived-gateway").get()).isNull();
            assertThat(client.services().inNamespace(namespace).withName("short-lived-gateway").get()).isNull();
        });
    }

    @Test
    void gatewayThatCannotStartKeepsTheCohortNotReadyWithAReason() {
        // A quota of zero pods: the ReplicaSet can never create a pod, so the Deployment never becomes Available.
        String quotaNamespace = LocalCluster.createNamespace(client, "mc-it-quota");
        try {
            client.resourceQuotas().inNamespace(quotaNamespace).resource(new ResourceQuotaBuilder()
                    .withNewMetadata().withName("no-pods").endMetadata()
                    .withNewSpec().addToHard("pods", new Quantity("0")).endSpec().build()).create();
            var cohort = FederationCohorts.cohort(quotaNamespace, "starved", List.of("acme"));
            cohort.getSpec().getSearch().setReplicas(1);
            client.resource(cohort).create();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                FederationCohort c = client.resources(FederationCohort.class).inNamespace(quotaNamespace).withName("starved").get();
                assertThat(c.getStatus()).isNotNull();
                assertThat(Conditions.find(c.getStatus().getConditions(), "Ready")).get().satisfies(ready -> {
                    assertThat(ready.getStatus()).isEqualTo("False");
                    assertThat(ready.getReason()).isEqualTo("DeploymentProgressing");
                    assertThat(ready.getMessage()).contains("starved-gateway has 0/1 replicas available");
                });
                Deployment d = client.apps().deployments().inNamespace(quotaNamespace).withName("starved-gateway").get();
                assertThat(d.getStatus().getConditions()).anyMatch(dc -> "ReplicaFailure".equals(dc.getType()));
            });
        } finally {
            LocalCluster.deleteNamespace(client, quotaNamespace);
        }
    }

    private FederationCohort awaitCondition(String name, String type, String status) {
        var ref = new FederationCohort[1];
        await().atMost(TIMEOUT).untilAsserted(() -> {
            FederationCohort c = client.resources(FederationCohort.class).inNamespace(namespace).withName(name).get();
            assertThat(c.getStatus()).as("status of " + name).isNotNull();
            assertThat(Conditions.find(c.getStatus().getConditions(), type)).as(type + " of " + name).get()
                    .extracting(x -> x.getStatus()).isEqualTo(status);
            ref[0] = c;
        });
        return ref[0];
    }
}
