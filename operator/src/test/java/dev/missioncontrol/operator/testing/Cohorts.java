package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortSpec;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.SearchSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds FederationCohorts for tests. */
public final class Cohorts {

    private Cohorts() {
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
