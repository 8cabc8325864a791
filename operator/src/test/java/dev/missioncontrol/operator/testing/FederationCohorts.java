package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortSpec;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.SearchSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds FederationCohorts for tests. */
public final class FederationCohorts {

    /** A cohort with a staged rollout: steps of the given cumulative sizes, gates on the given Prometheus. */
    public static FederationCohort rollout(String namespace, String name, List<String> tenants, String prometheus,
            String interval, int failureLimit, int... stepSizes) {
        var cohort = cohort(namespace, name, tenants);
        var analysis = new AnalysisSpec();
        analysis.setInterval(interval);
        analysis.setWindow("10s");
        analysis.setFailureLimit(failureLimit);
        analysis.setPrometheus(new PrometheusSpec(prometheus));
        var rollout = new RolloutSpec();
        for (int size : stepSizes) {
            rollout.getSteps().add(new RolloutStep(size, null));
        }
        rollout.setAnalysis(analysis);
        cohort.getSpec().setRollout(rollout);
        return cohort;
    }

    private FederationCohorts() {
    }

    public static FederationCohort cohort(String namespace, String name, List<String> tenants) {
        var search = new SearchSpec();
        search.setImage("registry.example.com/federation-gateway:1.4.2");
        search.setReplicas(2);
        search.setIndexes(new ArrayList<>(List.of(
                new IndexSpec("products", "https://search-products.example.com/query"),
                new IndexSpec("docs", "http://docs-index.search.svc:9200"))));
        var spec = new FederationCohortSpec();
        spec.setTenants(new ArrayList<>(tenants));
        spec.setSearch(search);
        var cohort = new FederationCohort();
        cohort.getMetadata().setName(name);
        cohort.getMetadata().setNamespace(namespace);
        cohort.setSpec(spec);
        cohort.setStatus(null);
        return cohort;
    }
}
