package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** SearchSLOs for tests. */
public final class SearchSLOs {

    private SearchSLOs() {
    }

    /** 99.9 % of search_requests_total without a 5xx code, over 30d; no Prometheus for status. */
    public static SearchSLO availability(String namespace, String name) {
        var sli = new SearchSLOSpec.Sli();
        sli.setRatio(new SearchSLOSpec.Ratio("sum(rate(search_requests_total{code!~\"5..\"}[{{window}}]))",
                "sum(rate(search_requests_total[{{window}}]))"));
        var spec = new SearchSLOSpec();
        spec.setService("federated-search");
        spec.setObjective(99.9);
        spec.setPeriod("30d");
        spec.setSli(sli);
        var slo = new SearchSLO();
        slo.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        slo.setSpec(spec);
        return slo;
    }
}
