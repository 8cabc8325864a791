package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.audit.prometheus.PrometheusClient;
import dev.missioncontrol.audit.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Measures the three gates for the tenants enabled now. The only place that talks to Prometheus. */
public class GateAnalyzer {

    private final PrometheusClient prometheus;

    public GateAnalyzer(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    public List<GateStatus> analyze(FederationCohort cohort, List<String> enabledTenants, Instant now) {
        AnalysisSpec analysis = cohort.getSpec().getRollout().getAnalysis();
        List<GateStatus> gates = new ArrayList<>();
        for (GateKind gate : GateKind.values()) {
            String query = render(gate.queryTemplate(analysis), cohort, enabledTenants, analysis.getWindow());
            QueryResult result = enabledTenants.isEmpty()
                    ? QueryResult.noData("no tenant is enabled yet")
                    : prometheus.query(analysis.getPrometheus().getAddress(), query);
            gates.add(GateVerdict.evaluate(gate, gate.threshold(analysis), query, result, now.toString()));
        }
        return gates;
    }

    /** Fills the documented placeholders. Tenant ids are DNS labels, so they are safe inside a regex. */
    public static String render(String template, FederationCohort cohort, List<String> tenants, String window) {
        return template
                .replace("{{tenants}}", String.join("|", tenants))
                .replace("{{window}}", window == null ? "5m" : window)
                .replace("{{cohort}}", cohort.getMetadata().getName())
                .replace("{{namespace}}", cohort.getMetadata().getNamespace());
    }
}
