package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.analysis.GateVerdict;
import dev.missioncontrol.operator.analysis.QueryTemplate;
import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Measures the three gates for the tenants enabled now. The only place that talks to Prometheus. */
public class GateAnalyzer {

    /** The placeholders a cohort's gate queries may use (documented on the gate spec's query field). */
    public static final Set<String> PLACEHOLDERS = Set.of("tenants", "window", "cohort", "namespace");

    private final PrometheusClient prometheus;

    public GateAnalyzer(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    public List<GateStatus> analyze(FederationCohort cohort, List<String> enabledTenants, Instant now) {
        AnalysisSpec analysis = cohort.getSpec().getRollout().getAnalysis();
        List<GateStatus> gates = new ArrayList<>();
        for (FederationGate gate : FederationGate.values()) {
            String query = render(gate.queryTemplate(analysis), cohort, enabledTenants, analysis.window());
            QueryResult result = enabledTenants.isEmpty()
                    ? QueryResult.noData("no tenant is enabled yet")
                    : prometheus.query(analysis.getPrometheus().getAddress(), query);
            gates.add(GateVerdict.evaluate(gate.definition(), gate.threshold(analysis), query, result, now.toString()));
        }
        return gates;
    }

    /** Fills the documented placeholders. Tenant ids are DNS labels, so they are safe inside a regex. */
    public static String render(String template, FederationCohort cohort, List<String> tenants, String window) {
        return QueryTemplate.render(template, Map.of(
                "tenants", String.join("|", tenants),
                "window", window,
                "cohort", cohort.getMetadata().getName(),
                "namespace", cohort.getMetadata().getNamespace()));
    }
}
