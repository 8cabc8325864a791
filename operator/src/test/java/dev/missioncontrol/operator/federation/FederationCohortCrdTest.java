package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.ComplaintsGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.CtrUpliftGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.GatesSpec;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LatencyGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The API server is the first line of defence: the committed CRD's schema and CEL rules reject bad
 * cohorts with a message that names the field. Runs against the real kube-apiserver, no operator.
 */
@Tag("apiserver")
class FederationCohortCrdTest extends ApiServerCrdTest {

    @Test
    void validCohortIsAcceptedAndDefaulted() {
        var cohort = FederationCohorts.cohort(namespace, "valid", List.of("acme", "globex-eu"));
        cohort.getSpec().getSearch().setReplicas(null);
        var created = client.resource(cohort).create();
        assertThat(created.getSpec().getSearch().getReplicas()).as("replicas defaulted by the CRD").isEqualTo(2);
        assertThat(created.getSpec().getTenants()).containsExactly("acme", "globex-eu");
        System.out.printf("[apiserver] accepted FederationCohort %s/valid, spec.search.replicas defaulted to %d%n",
                namespace, created.getSpec().getSearch().getReplicas());
    }

    @Test
    void cohortWithoutTenantsIsRejected() {
        assertRejected("no-tenants", c -> c.getSpec().setTenants(new ArrayList<>()), "spec.tenants", "should have at least 1 items");
        assertRejected("null-tenants", c -> c.getSpec().setTenants(null), "spec.tenants", "Required value");
    }

    @Test
    void tooManyTenantsAreRejected() {
        List<String> tenants = IntStream.rangeClosed(1, 51).mapToObj(i -> "t" + i).toList();
        assertRejected("too-many", c -> c.getSpec().setTenants(new ArrayList<>(tenants)), "spec.tenants", "must have at most 50 items");
    }

    @Test
    void duplicateTenantsAreRejected() {
        assertRejected("dup", c -> c.getSpec().setTenants(new ArrayList<>(List.of("acme", "acme"))),
                "spec.tenants", "tenant ids must be unique");
    }

    @Test
    void listsThatAreSetsAreDeclaredSo() {
        // x-kubernetes-list-type set / map: the API server itself names the duplicate, besides the CEL rule's message.
        assertRejected("dup-set", c -> c.getSpec().setTenants(new ArrayList<>(List.of("acme", "globex", "acme"))),
                "spec.tenants[2]", "Duplicate value: \"acme\"");
        assertRejected("dup-index", c -> c.getSpec().getSearch().getIndexes().add(new IndexSpec("products", "https://other.example.com")),
                "spec.search.indexes[2]", "Duplicate value");
    }

    @Test
    void tenantIdThatIsNotADnsLabelIsRejected() {
        assertRejected("bad-tenant", c -> c.getSpec().setTenants(new ArrayList<>(List.of("Acme_Corp"))),
                "spec.tenants[0]", "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'");
        assertRejected("long-tenant", c -> c.getSpec().setTenants(new ArrayList<>(List.of("t".repeat(64)))),
                "spec.tenants[0]", "may not be more than 63 bytes");
    }

    @Test
    void badIndexUrlIsRejected() {
        assertRejected("bad-url", c -> c.getSpec().getSearch().getIndexes().set(0, new IndexSpec("products", "not a url")),
                "spec.search.indexes[0].endpoint", "must be an absolute http or https URL");
        assertRejected("ftp-url", c -> c.getSpec().getSearch().getIndexes().set(0, new IndexSpec("products", "ftp://files.example.com/x")),
                "spec.search.indexes[0].endpoint", "must be an absolute http or https URL");
    }

    @Test
    void missingImageAndNegativeReplicasAreRejected() {
        assertRejected("no-image", c -> c.getSpec().getSearch().setImage(null), "spec.search.image", "Required value");
        assertRejected("neg-replicas", c -> c.getSpec().getSearch().setReplicas(-1), "spec.search.replicas", "should be greater than or equal to 0");
    }

    @Test
    void badRolloutIsRejected() {
        assertRejected("zero-interval", c -> rollout(c).getAnalysis().setInterval("0s"),
                "spec.rollout.analysis.interval", "must be at least 1s");
        assertRejected("bad-interval", c -> rollout(c).getAnalysis().setInterval("soon"),
                "spec.rollout.analysis.interval", "should match");
        assertRejected("decreasing-steps", c -> {
            rollout(c).getSteps().add(new RolloutStep(2, null));
            rollout(c).getSteps().add(new RolloutStep(1, null));
        }, "spec.rollout.steps", "must increase from step to step");
        assertRejected("bad-prometheus", c -> rollout(c).getAnalysis().getPrometheus().setAddress("prometheus:9090"),
                "spec.rollout.analysis.prometheus.address", "must be an absolute http or https URL");
        assertRejected("self-after", c -> c.getSpec().setAfter("self-after"), "spec.after", "must name another FederationCohort");
    }

    @Test
    void thresholdsOutsideTheirUnitAreRejected() {
        assertRejected("latency-in-ms", c -> gates(c).getLatency().setThreshold(1250.0),
                "spec.rollout.analysis.gates.latency.threshold", "should be less than or equal to 60");
        assertRejected("latency-zero", c -> gates(c).getLatency().setThreshold(0.0),
                "spec.rollout.analysis.gates.latency.threshold", "should be greater than 0");
        assertRejected("complaints-percent", c -> gates(c).getComplaints().setThreshold(1.5),
                "spec.rollout.analysis.gates.complaints.threshold", "should be less than 1");
        assertRejected("complaints-negative", c -> gates(c).getComplaints().setThreshold(-0.01),
                "spec.rollout.analysis.gates.complaints.threshold", "should be greater than 0");
        assertRejected("uplift-percent", c -> gates(c).getCtrUplift().setThreshold(5.0),
                "spec.rollout.analysis.gates.ctrUplift.threshold", "should be less than or equal to 1");
        client.resource(cohortWith("sane-thresholds", c -> {
            gates(c).getLatency().setThreshold(0.8);
            gates(c).getComplaints().setThreshold(0.01);
            gates(c).getCtrUplift().setThreshold(0.02);
        })).dryRun().create();
    }

    @Test
    void customQueriesUseOnlyTheCohortPlaceholdersAndSelectTheTenants() {
        String field = "spec.rollout.analysis.gates.latency.query";
        String only = "may use only the placeholders {{tenants}}, {{window}}, {{cohort}} and {{namespace}}";
        assertRejected("singular-tenant", c -> gates(c).getLatency().setQuery("max(x{tenant=~\"{{tenant}}\"}[{{window}}])"), field, only);
        assertRejected("spaces-inside", c -> gates(c).getLatency().setQuery("max(x{tenant=~\"{{ tenants }}\"}[{{window}}])"), field, only);
        assertRejected("unknown", c -> gates(c).getComplaints().setQuery("x{tenant=~\"{{tenants}}\",f=\"{{feature}}\"}"),
                "spec.rollout.analysis.gates.complaints.query", only);
        assertRejected("not-per-tenant", c -> gates(c).getCtrUplift().setQuery("sum(rate(clicks_total[{{window}}]))"),
                "spec.rollout.analysis.gates.ctrUplift.query", "must select the enabled tenants with {{tenants}}");
        assertRejected("blank-query", c -> gates(c).getLatency().setQuery("   "), field, "must select the enabled tenants with {{tenants}}");
        client.resource(cohortWith("every-placeholder", c -> gates(c).getLatency().setQuery(
                "histogram_quantile(0.95, sum by (le) (rate(x_bucket{tenant=~\"{{tenants}}\",cohort=\"{{cohort}}\","
                        + "namespace=\"{{namespace}}\"}[{{window}}])))"))).dryRun().create();
    }

    @Test
    void fieldsThatDisagreeAreRejected() {
        assertRejected("step-beyond-cohort", c -> rollout(c).getSteps().add(new RolloutStep(3, null)),
                "spec.rollout.steps", "must be at most the number of spec.tenants");
        assertRejected("blank-image", c -> c.getSpec().getSearch().setImage("  "), "spec.search.image", "should match");
        assertRejected("dup-clauses", c -> c.getSpec().getSearch().getIndexes().get(0).setLicense(
                new LicenseSpec("CC-BY-4.0", List.of("no-blending", "no-blending"))),
                "spec.search.indexes[0].license.clauses", "license clauses must be unique");
    }

    @Test
    void listedTenantsKeepTheirOrder() {
        client.resource(FederationCohorts.cohort(namespace, "ordered", List.of("acme", "globex", "initech"))).create();
        assertChangeRejected(FederationCohort.class, "ordered", "{\"spec\":{\"tenants\":[\"globex\",\"acme\",\"initech\"]}}",
                "spec.tenants", "tenants already listed keep their order");
        // Appending and removing keep the order of the others: allowed.
        client.resources(FederationCohort.class).inNamespace(namespace).withName("ordered")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tenants\":[\"acme\",\"initech\",\"umbrella\"]}}");
        assertThat(client.resources(FederationCohort.class).inNamespace(namespace).withName("ordered").get().getSpec().getTenants())
                .containsExactly("acme", "initech", "umbrella");
    }

    @Test
    void rulesOnTheWholeObjectNameTheirFieldNotNil() {
        for (var cohort : List.of(FederationCohorts.cohort(namespace, "c".repeat(56), List.of("acme")),
                cohortWith("self-ref", c -> c.getSpec().setAfter("self-ref")))) {
            assertThatThrownBy(() -> client.resource(cohort).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("<nil>").containsPattern("spec(\\.after)?: Invalid value"));
        }
    }

    private static GatesSpec gates(FederationCohort c) {
        var analysis = rollout(c).getAnalysis();
        if (analysis.getGates() == null) {
            var gates = new GatesSpec();
            gates.setLatency(new LatencyGateSpec());
            gates.setComplaints(new ComplaintsGateSpec());
            gates.setCtrUplift(new CtrUpliftGateSpec());
            analysis.setGates(gates);
        }
        return analysis.getGates();
    }

    private FederationCohort cohortWith(String name, Consumer<FederationCohort> change) {
        var cohort = FederationCohorts.cohort(namespace, name, List.of("acme", "globex"));
        change.accept(cohort);
        return cohort;
    }

    private static RolloutSpec rollout(FederationCohort c) {
        if (c.getSpec().getRollout() == null) {
            c.getSpec().setRollout(FederationCohorts.rollout("x", "x", List.of("acme"), "http://prometheus:9090", "1m", 3)
                    .getSpec().getRollout());
        }
        return c.getSpec().getRollout();
    }

    @Test
    void tooLongNameIsRejected() {
        String name = "c".repeat(56);
        assertRejected(name, c -> { }, "metadata.name", "at most 55 characters");
    }

    private void assertRejected(String name, Consumer<FederationCohort> breakIt, String field, String message) {
        var cohort = FederationCohorts.cohort(namespace, name, List.of("acme"));
        breakIt.accept(cohort);
        assertRejected(cohort, field, message);
    }
}
