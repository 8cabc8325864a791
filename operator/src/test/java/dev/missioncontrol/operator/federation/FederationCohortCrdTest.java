package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
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
