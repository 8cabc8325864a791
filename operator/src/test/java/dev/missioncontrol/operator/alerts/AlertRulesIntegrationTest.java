package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GatesSpec;
import dev.missioncontrol.operator.api.v1alpha1.HasConditions;
import dev.missioncontrol.operator.api.v1alpha1.LatencyGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules on the local control plane: a cohort owns a PrometheusRule that follows its spec and goes
 * with it; without the PrometheusRule CRD the same rules land in a ConfigMap (said so in a condition) and
 * move back into a PrometheusRule when the CRD is installed again.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertRulesIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-alerts");
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            LocalCluster.installPrometheusOperatorCrds(client); // leave the cluster as other tests expect it
        }
        LocalCluster.release(client, namespace);
    }

    @Test
    @Order(1)
    void cohortOwnsAPrometheusRuleThatFollowsItsSpecAndGoesWithIt() {
        var cohort = FederationCohorts.rollout(namespace, "quality", List.of("acme", "globex"), "http://127.0.0.1:9", "1m", 3, 2);
        client.resource(cohort).create();
        String ruleName = "quality-federationcohort-alerts";

        await().atMost(TIMEOUT).untilAsserted(() -> {
            PrometheusRule rule = client.resources(PrometheusRule.class).inNamespace(namespace).withName(ruleName).get();
            assertThat(rule).as("PrometheusRule " + ruleName).isNotNull();
            assertThat(rule.getMetadata().getOwnerReferences()).extracting(o -> o.getKind() + "/" + o.getName())
                    .containsExactly("FederationCohort/quality");
            assertThat(alerts(rule)).extracting(Rule::getAlert).containsExactlyInAnyOrder(
                    "FederatedSearchLatencyHigh", "FederatedSearchComplaintRateHigh", "FederatedSearchCtrRegression",
                    "FederatedSearchLatencyHigh", "FederatedSearchComplaintRateHigh", "FederatedSearchCtrRegression",
                    "FederationFallbackActive", "FederationLicenseDrift");
            assertThat(latencyExpr(rule, "acme")).endsWith(") > 1.25").contains("tenant=~\"acme\"");
            assertThat(alerts(rule).get(0).getFor()).isEqualTo("3m");
            assertThat(condition(FederationCohort.class, "quality")).isEqualTo("True/PrometheusRule");
        });
        // No rule-file ConfigMap while the CRD is there.
        assertThat(client.configMaps().inNamespace(namespace).withName(ruleName).get()).isNull();

        // A new threshold in the spec is a new rule.
        Edits.edit(client.resources(FederationCohort.class).inNamespace(namespace).withName("quality"), c -> {
            var gates = new GatesSpec();
            var latency = new LatencyGateSpec();
            latency.setThreshold(0.8);
            gates.setLatency(latency);
            c.getSpec().getRollout().getAnalysis().setGates(gates);
            return c;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(latencyExpr(
                client.resources(PrometheusRule.class).inNamespace(namespace).withName(ruleName).get(), "acme")).endsWith(") > 0.8"));

        // Deleting the cohort deletes its rules (garbage collection of owned objects).
        client.resources(FederationCohort.class).inNamespace(namespace).withName("quality").delete();
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.resources(PrometheusRule.class).inNamespace(namespace).withName(ruleName).get()).isNull());
    }

    @Test
    @Order(2)
    void withoutThePrometheusRuleCrdTheRulesGoToARuleFileConfigMap(@TempDir Path dir) throws Exception {
        var crds = client.apiextensions().v1().customResourceDefinitions();
        crds.withName(PrometheusRuleCrd.NAME).delete();
        crds.withName(PrometheusRuleCrd.NAME).waitUntilCondition(crd -> crd == null, 60, TimeUnit.SECONDS);

        client.resource(SearchSLOs.availability(namespace, "availability")).create();
        String name = "availability-searchslo-alerts";
        String key = "searchslo-" + namespace + "-availability.rules.yml";
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
            assertThat(cm).as("rule-file ConfigMap " + name).isNotNull();
            assertThat(cm.getData()).containsKey(key);
            assertThat(cm.getMetadata().getLabels()).containsEntry(AlertRulesConfigMapDependent.RULES_LABEL, "true");
            assertThat(condition(SearchSLO.class, "availability")).isEqualTo("True/PrometheusRuleCrdMissing");
        });
        // The ConfigMap holds a rule file Prometheus accepts.
        Path file = dir.resolve(key);
        Files.writeString(file, client.configMaps().inNamespace(namespace).withName(name).get().getData().get(key));
        var check = ProcessRunner.promtool("check", "rules", file.toString());
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 10 rules found");

        // Installing the Prometheus Operator's CRD moves the rules into a PrometheusRule, without a restart.
        LocalCluster.installPrometheusOperatorCrds(client);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.resources(PrometheusRule.class).inNamespace(namespace).withName(name).get()).isNotNull();
            assertThat(client.configMaps().inNamespace(namespace).withName(name).get()).as("rule-file ConfigMap, deleted").isNull();
            assertThat(condition(SearchSLO.class, "availability")).isEqualTo("True/PrometheusRule");
        });
    }

    static List<Rule> alerts(PrometheusRule rule) {
        return rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).filter(r -> r.getAlert() != null).toList();
    }

    static String latencyExpr(PrometheusRule rule, String tenant) {
        return alerts(rule).stream().filter(r -> "FederatedSearchLatencyHigh".equals(r.getAlert())
                && tenant.equals(r.getLabels().get("tenant"))).findFirst().orElseThrow().getExpr().getStrVal();
    }

    /** The Alerting condition as status/reason. */
    static <T extends CustomResource<?, ? extends HasConditions>> String condition(Class<T> kind, String name) {
        HasConditions status = client.resources(kind).inNamespace(namespace).withName(name).get().getStatus();
        return status == null ? "none" : Conditions.find(status.getConditions(), AlertingCondition.TYPE)
                .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
    }
}
