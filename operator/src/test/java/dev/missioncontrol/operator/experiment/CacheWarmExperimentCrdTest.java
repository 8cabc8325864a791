package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server rejects bad CacheWarmExperiments naming the field, fills in the documented defaults and keeps arms pinned. */
@Tag("apiserver")
class CacheWarmExperimentCrdTest extends ApiServerCrdTest {

    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");

    CacheWarmExperiment experiment(String name, Consumer<CacheWarmExperimentSpec> change) {
        var e = CacheWarmExperiments.topKAgainstControl(namespace, name, TENANTS, "http://127.0.0.1:9090", "http://127.0.0.1:8080/search");
        change.accept(e.getSpec());
        return e;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        var created = client.resource(experiment("defaults", s -> { })).create();
        var s = created.getSpec();
        assertThat(s.getMargin()).isEqualTo(0.02);
        assertThat(s.getAlpha()).isEqualTo(0.05);
        assertThat(s.getMinDuration()).isEqualTo("1h");
        assertThat(s.getMaxDuration()).isEqualTo("336h");
        assertThat(s.getMinSamplePerArm()).isEqualTo(1000L);
        assertThat(s.getInterval()).isEqualTo("1m");
        assertThat(s.getPromoteWinner()).isFalse();
        assertThat(s.getGuardrails().getLatencyMargin()).isEqualTo(0.1);
        assertThat(s.getMetric().getHits()).contains("search_cache_hits_total", "{{tenants}}", "{{range}}");
        assertThat(s.getArms().get(1).getWarmer().getSchedule()).isEqualTo("0/5 * * * *");
        assertThat(s.getArms().get(1).getWarmer().getQueryBudgetPerHour()).isEqualTo(3600L);
        assertThat(s.getArms().get(0).getControl()).isTrue();
        assertThat(s.getArms().get(1).getControl()).isFalse();
    }

    @Test
    void badExperimentsAreRejectedNamingTheField() {
        assertRejected(experiment("weights", s -> s.getArms().get(1).setWeight(40)), "spec.arms", "the weights must sum to 100");
        assertRejected(experiment("one-arm", s -> {
            s.setArms(new ArrayList<>(List.of(CacheWarmExperiments.arm("control", true, 100, Heuristic.None))));
        }), "spec.arms", "should have at least 2 items");
        assertRejected(experiment("no-control", s -> s.getArms().get(0).setControl(false)), "spec.arms",
                "exactly one arm must be the control");
        assertRejected(experiment("two-controls", s -> {
            s.getArms().get(1).setControl(true);
            s.getArms().get(1).setHeuristic(Heuristic.None);
        }), "spec.arms", "exactly one arm must be the control");
        assertRejected(experiment("min-above-max", s -> {
            s.setMinDuration("48h");
            s.setMaxDuration("24h");
        }), "spec.minDuration", "must not be above spec.maxDuration");
        for (double margin : new double[] {0.0, 1.0, 2.0, -0.02}) {
            assertRejected(experiment("margin-" + (int) (margin * 100 + 1000), s -> s.setMargin(margin)), "spec.margin",
                    "must be above 0 and below 1");
        }
        assertRejected(experiment("dup-tenant", s -> s.setTenants(new ArrayList<>(List.of("acme", "acme")))), "spec.tenants",
                "tenant ids must be unique");
        assertRejected(experiment("dup-arm", s -> s.getArms().get(1).setName("control")), "spec.arms", "arm names must be unique");
        assertRejected(experiment("warming-control", s -> s.getArms().get(0).setHeuristic(Heuristic.TopK)), "spec.arms[0].heuristic",
                "the control's heuristic must be None");
        assertRejected(experiment("lazy-arm", s -> s.getArms().get(1).setHeuristic(Heuristic.None)), "spec.arms[1].heuristic",
                "needs a heuristic");
        assertRejected(experiment("list-without-list", s -> s.getArms().get(1).setHeuristic(Heuristic.QueryList)), "spec.arms[1].warmer",
                "needs warmer.queryList");
        assertRejected(experiment("all-tenants", s -> {
            s.setMetric(new CacheWarmExperimentSpec.Metric());
            s.getMetric().setHits("sum by (tenant) (increase(search_cache_hits_total[{{range}}]))");
        }), "spec.metric.hits", "must select the experiment's tenants with {{tenants}}");
        assertRejected(experiment("bad-placeholder", s -> {
            s.setMetric(new CacheWarmExperimentSpec.Metric());
            s.getMetric().setMisses("sum by (tenant) (increase(m{tenant=~\"{{tenants}}\"}[{{ range }}]))");
        }), "spec.metric.misses", "may use only the placeholders");
        assertRejected(experiment("bad-schedule", s -> {
            s.getArms().get(1).setWarmer(new CacheWarmExperimentSpec.Warmer());
            s.getArms().get(1).getWarmer().setSchedule("every 5 minutes");
        }), "spec.arms[1].warmer.schedule", "must be a cron schedule");
        assertRejected(experiment("no-endpoint", s -> s.setSearchEndpoint("search:8080")), "spec.searchEndpoint",
                "must be an absolute http or https URL");
    }

    @Test
    void tenantsAndArmsArePinnedOnceCreated() {
        client.resource(experiment("pinned", s -> s.setTenants(List.of("p-acme", "p-globex", "p-initech", "p-umbrella")))).create();
        assertChangeRejected(CacheWarmExperiment.class, "pinned", "{\"spec\":{\"tenants\":[\"p-acme\",\"p-globex\",\"p-initech\",\"hooli\"]}}",
                "spec.tenants", "cannot change");
        assertChangeRejected(CacheWarmExperiment.class, "pinned",
                "{\"spec\":{\"arms\":[{\"name\":\"control\",\"control\":true,\"weight\":60},{\"name\":\"topk\",\"heuristic\":\"TopK\",\"weight\":40}]}}",
                "spec.arms", "names, weights, heuristics and the control cannot change");
        // what may change: the warmers' schedule and parameters, the guardrails, the margin
        client.resources(CacheWarmExperiment.class).inNamespace(namespace).withName("pinned").edit(e -> {
            e.getSpec().getArms().get(1).getWarmer().setSchedule("0 * * * *");
            e.getSpec().setMargin(0.03);
            return e;
        });
    }

    /**
     * The chart's admission policy (hack/admission-policies.sh installs it for every test layer): a tenant is in one
     * running experiment of a namespace at a time; a decided experiment or one in another namespace does not hold it.
     */
    @Test
    void aTenantInARunningExperimentOfTheNamespaceIsRefusedNamingTheField() throws Exception {
        client.resource(experiment("holds-q", s -> s.setTenants(List.of("q-acme", "q-globex", "q-initech", "q-umbrella")))).create();
        var overlapping = experiment("overlaps-q", s -> s.setTenants(List.of("q-zeta", "q-acme", "q-globex", "q-yak")));
        // The policy reaches admission a moment after its install, and its parameter cache sees holds-q a moment after
        // the create: a dry run is tried until refused (30 s at most), then the real create must be refused.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
                        () -> client.resource(overlapping).dryRun().create()) != null);
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.resource(overlapping).create());
        assertThat(refused).as("refused by the API server").isNotNull();
        assertThat(refused.getMessage()).contains("ValidatingAdmissionPolicy 'mission-control-operator-cachewarmexperiments'")
                .contains("spec.tenants: q-acme, q-globex are already in CacheWarmExperiment holds-q, which has not decided yet");

        // No shared tenant: accepted.
        client.resource(experiment("apart-q", s -> s.setTenants(List.of("r-acme", "r-globex", "r-initech", "r-umbrella")))).create();

        // Once holds-q has decided, its tenants are free (the operator writes the decision; here the test does).
        var holds = client.resources(CacheWarmExperiment.class).inNamespace(namespace).withName("holds-q").get();
        var status = new dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus();
        status.setDecision(dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision.NoDifference);
        holds.setStatus(status);
        client.resource(holds).updateStatus();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.resource(overlapping).create() != null);

        // Another namespace is the operator's to judge (TenantInAnotherExperiment): the API server lets it through.
        String other = dev.missioncontrol.operator.testing.LocalCluster.createNamespace(client, "mc-cwe-crd-other");
        try {
            var elsewhere = experiment("elsewhere-q", s -> s.setTenants(List.of("r-acme", "r-globex", "r-initech", "r-umbrella")));
            elsewhere.getMetadata().setNamespace(other);
            client.resource(elsewhere).create();
        } finally {
            client.namespaces().withName(other).delete();
        }
    }
}
