package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The desired state of each owned object, built without a cluster. */
@Tag("unit")
class DesiredObjectsTest {

    final FederationCohort cohort = FederationCohorts.cohort("team-a", "cohort-1", List.of("acme", "globex"));

    @Test
    void deploymentRunsTheImageWithThePlanMountedAndHardenedPods() {
        var d = new SearchDeploymentDependent().desired(cohort, null);
        assertThat(d.getMetadata().getName()).isEqualTo("cohort-1-gateway");
        assertThat(d.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mission-control-operator")
                .containsEntry("app.kubernetes.io/instance", "cohort-1");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        var pod = d.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example.com/federation-gateway:1.4.2");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getConfigMap().getName()).isEqualTo("cohort-1-federation-plan");
            assertThat(v.getConfigMap().getItems()).as("only the gateway's plan is mounted, not the source audit")
                    .singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("plan.json"));
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("FEDERATION_PLAN");
            assertThat(e.getValue()).isEqualTo("/etc/federation/plan.json");
        });
    }

    @Test
    void nullReplicasFallsBackToTheCrdDefault() throws Exception {
        // The default the API server would fill in: spec.search.replicas in the committed CRD.
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(LocalCluster.CRDS.resolve("federationcohorts.missioncontrol.dev-v1.yml"))) {
            crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        }
        var replicas = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
                .getProperties().get("search").getProperties().get("replicas");
        assertThat(replicas.getDefault()).as("the CRD declares a default for spec.search.replicas").isNotNull();
        int crdDefault = replicas.getDefault().asInt();

        cohort.getSpec().getSearch().setReplicas(null);
        assertThat(new SearchDeploymentDependent().desired(cohort, null).getSpec().getReplicas()).isEqualTo(crdDefault);
    }

    @Test
    void serviceSelectsExactlyTheGatewayPods() {
        var s = new SearchServiceDependent().desired(cohort, null);
        var d = new SearchDeploymentDependent().desired(cohort, null);
        assertThat(s.getMetadata().getName()).isEqualTo("cohort-1-gateway");
        assertThat(s.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
    }

    @Test
    void planConfigMapHoldsTenantsAndIndexesAsJson() throws Exception {
        var cm = new FederationPlanConfigMapDependent().desired(cohort, null);
        assertThat(cm.getMetadata().getName()).isEqualTo("cohort-1-federation-plan");
        JsonNode plan = new ObjectMapper().readTree(cm.getData().get("plan.json"));
        assertThat(plan.get("cohort").asText()).isEqualTo("cohort-1");
        assertThat(plan.get("tenants")).extracting(JsonNode::asText).containsExactly("acme", "globex");
        assertThat(plan.get("indexes").get(0).get("name").asText()).isEqualTo("products");
        assertThat(plan.get("indexes").get(0).get("endpoint").asText()).isEqualTo("https://search-products.example.com/query");
        assertThat(plan.get("indexes")).hasSize(2);
        assertThat(plan.get("mode").asText()).as("nothing enabled before the rollout starts").isEqualTo("single-index");
    }

    @Test
    void planJsonIsStableForTheSameSpec() {
        assertThat(FederationPlan.of(cohort).gatewayJson()).isEqualTo(FederationPlan.of(
                FederationCohorts.cohort("team-a", "cohort-1", List.of("acme", "globex"))).gatewayJson());
    }
}
