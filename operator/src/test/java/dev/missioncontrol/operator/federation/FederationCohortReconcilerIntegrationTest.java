package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.ApiServerAuditLog;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator, booted by Quarkus, reconciling against the real kube-apiserver of the local control plane:
 * kube-controller-manager runs the Deployment and garbage collectors, kwok plays the nodes and kubelets.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class FederationCohortReconcilerIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The at-rest cohorts' analysis interval: the longest requeue they ever ask for (their steps have no pause). */
    static final Duration LONGEST_REQUEUE = Duration.ofSeconds(3);
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-it")
            .withMetrics(m -> m.healthy("r-acme", "r-globex").tenant("f-hooli", 1.8, 0.005, 0.25));
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = cluster.client();
        namespace = cluster.namespace();
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
        FederationCohort ready = awaitCondition("cohort-1", FederationCohortStatusAggregator.READY, "True");
        // "Once": Ready turned True no earlier than the Deployment became Available (both to the second).
        Instant available = Instant.parse(client.apps().deployments().inNamespace(namespace).withName("cohort-1-gateway").get()
                .getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().orElseThrow().getLastTransitionTime());
        Instant readySince = Instant.parse(Conditions.find(ready.getStatus().getConditions(), FederationCohortStatusAggregator.READY)
                .orElseThrow().getLastTransitionTime());
        assertThat(readySince).as("Ready=True since, Deployment Available since " + available).isAfterOrEqualTo(available);
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

    /**
     * Cohorts at rest (no rollout; Promoted; FallenBack) cost the API server nothing: for longer than the longest
     * requeue they ever asked for, the API server's audit log records no write by the operator in their namespace,
     * Events included, and no object's resourceVersion moves.
     */
    @Test
    void operatorAtRestIssuesNoWrites() throws Exception {
        var audit = ApiServerAuditLog.ofLocalCluster();
        long setup = audit.mark();
        client.resource(FederationCohorts.cohort(namespace, "at-rest", List.of("acme"))).create();
        client.resource(FederationCohorts.rollout(namespace, "at-rest-promoted", List.of("r-acme", "r-globex"), cluster.prometheusAddress(),
                LONGEST_REQUEUE.toSeconds() + "s", 3, 1)).create();
        client.resource(FederationCohorts.rollout(namespace, "at-rest-fallen", List.of("f-hooli"), cluster.prometheusAddress(),
                LONGEST_REQUEUE.toSeconds() + "s", 1)).create();
        for (String name : List.of("at-rest", "at-rest-promoted", "at-rest-fallen")) {
            awaitCondition(name, FederationCohortStatusAggregator.READY, "True");
        }
        await().atMost(TIMEOUT).until(() -> phase("at-rest-promoted") == RolloutPhase.Promoted
                && phase("at-rest-fallen") == RolloutPhase.FallenBack);
        await().atMost(TIMEOUT).until(() -> client.configMaps().inNamespace(namespace).withName("at-rest-flags").get()
                .getData().get("flags.json").contains("\"acme\""));
        // The audit log does see the operator's writes, Events included: otherwise the check below could not fail.
        var setupWrites = audit.writesSince(setup, namespace);
        assertThat(setupWrites).extracting(ApiServerAuditLog.Write::resource).as("writes while the cohorts settled: " + setupWrites)
                .contains("federationcohorts", "configmaps", "deployments", "events");
        // A new cohort's plan and flags are written from its first decision: once each, not created from an empty status
        // and then rewritten (issue 12's two avoidable writes per cohort).
        Map<String, Long> planAndFlagsWrites = setupWrites.stream()
                .filter(w -> "configmaps".equals(w.resource()) && w.code() / 100 == 2
                        && List.of("at-rest-flags", "at-rest-federation-plan").contains(w.name()))
                .collect(Collectors.groupingBy(ApiServerAuditLog.Write::name, TreeMap::new, Collectors.counting()));
        assertThat(planAndFlagsWrites).as("writes of the static cohort's plan and flags: " + setupWrites)
                .isEqualTo(Map.of("at-rest-federation-plan", 1L, "at-rest-flags", 1L));

        Map<String, String> versions = resourceVersions();
        long rest = audit.mark();
        // Any reconcile still delivered (late Deployment status, a requeue the rollout asked for) must end in no write.
        Thread.sleep(LONGEST_REQUEUE.multipliedBy(3).plusSeconds(3).toMillis());
        var writes = audit.writesSince(rest, namespace);
        System.out.printf("[it] at rest for %s s: %d writes by the operator in %s%n", LONGEST_REQUEUE.multipliedBy(3).plusSeconds(3).toSeconds(),
                writes.size(), namespace);
        assertThat(writes).as("API server writes in " + namespace + " while at rest").isEmpty();
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    /** kind/name -> resourceVersion of the at-rest cohorts and everything they own. */
    private Map<String, String> resourceVersions() {
        Map<String, String> versions = new TreeMap<>();
        client.resources(FederationCohort.class).inNamespace(namespace).list().getItems()
                .forEach(o -> versions.put("FederationCohort/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        client.configMaps().inNamespace(namespace).list().getItems()
                .forEach(o -> versions.put("ConfigMap/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        client.services().inNamespace(namespace).list().getItems()
                .forEach(o -> versions.put("Service/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        client.resources(PrometheusRule.class).inNamespace(namespace).list().getItems()
                .forEach(o -> versions.put("PrometheusRule/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        versions.keySet().removeIf(k -> !k.contains("/at-rest"));
        return versions;
    }

    private RolloutPhase phase(String name) {
        var c = client.resources(FederationCohort.class).inNamespace(namespace).withName(name).get();
        return c == null || c.getStatus() == null ? null : c.getStatus().getPhase();
    }

    @Test
    void specChangeUpdatesPlanWithoutTouchingTheUsersSpec() {
        client.resource(FederationCohorts.cohort(namespace, "grows", List.of("acme"))).create();
        awaitCondition("grows", FederationCohortStatusAggregator.READY, "True");
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
        FederationCohort ready = awaitCondition("short-lived", FederationCohortStatusAggregator.READY, "True");
        String uid = ready.getMetadata().getUid();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(owned(uid)).contains("ConfigMap/short-lived-federation-plan",
                "ConfigMap/short-lived-flags", "Deployment/short-lived-gateway", "Service/short-lived-gateway"));
        List<String> owned = owned(uid);
        System.out.printf("[it] cohort short-lived owns %s%n", owned);
        client.resources(FederationCohort.class).inNamespace(namespace).withName("short-lived").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(owned(uid)).as("left behind of " + owned).isEmpty());
        assertThat(client.configMaps().inNamespace(namespace).withName("short-lived-federation-plan").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(namespace).withName("short-lived-gateway").get()).isNull();
        assertThat(client.services().inNamespace(namespace).withName("short-lived-gateway").get()).isNull();
    }

    /** Every object in the namespace whose owner references name the uid, as Kind/name. */
    private List<String> owned(String uid) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        all.addAll(client.secrets().inNamespace(namespace).list().getItems());
        all.addAll(client.services().inNamespace(namespace).list().getItems());
        all.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        all.addAll(client.batch().v1().cronjobs().inNamespace(namespace).list().getItems());
        all.addAll(client.resources(PrometheusRule.class).inNamespace(namespace).list().getItems());
        return all.stream().filter(o -> o.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid())))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
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
