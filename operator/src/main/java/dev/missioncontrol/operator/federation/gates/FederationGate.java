package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.operator.analysis.Comparison;
import dev.missioncontrol.operator.analysis.GateDefinition;
import dev.missioncontrol.operator.analysis.ValueFormat;
import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.ComplaintsGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.CtrUpliftGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.GateSpec;
import dev.missioncontrol.operator.api.v1alpha1.GatesSpec;
import dev.missioncontrol.operator.api.v1alpha1.LatencyGateSpec;
import java.util.function.Function;

/**
 * The table of the three federated-search gates: each row a gate definition (default threshold from its spec
 * type, default PromQL over the gateway's metric names) and where its spec sits in spec.rollout.analysis.gates.
 */
public enum FederationGate {

    LATENCY(new GateDefinition("latency", Comparison.AT_MOST, LatencyGateSpec.DEFAULT_THRESHOLD,
            "histogram_quantile(0.95, sum by (le) (rate(federated_search_request_duration_seconds_bucket"
                    + "{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}])))",
            ValueFormat.seconds("p95")), GatesSpec::getLatency),
    COMPLAINTS(new GateDefinition("complaints", Comparison.BELOW, ComplaintsGateSpec.DEFAULT_THRESHOLD,
            "sum(rate(federated_search_complaints_total{tenant=~\"{{tenants}}\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}]))",
            ValueFormat.percent("complaint rate")), GatesSpec::getComplaints),
    CTR_UPLIFT(new GateDefinition("ctrUplift", Comparison.AT_LEAST, CtrUpliftGateSpec.DEFAULT_THRESHOLD,
            "(sum(rate(federated_search_clicks_at5_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}])))"
                    + " / (sum(rate(federated_search_clicks_at5_total{mode=\"single-index\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{mode=\"single-index\"}[{{window}}]))) - 1",
            ValueFormat.signedPercent("ctr@5 uplift")), GatesSpec::getCtrUplift);

    private final GateDefinition definition;
    private final Function<GatesSpec, ? extends GateSpec> spec;

    FederationGate(GateDefinition definition, Function<GatesSpec, ? extends GateSpec> spec) {
        this.definition = definition;
        this.spec = spec;
    }

    public GateDefinition definition() {
        return definition;
    }

    public double threshold(AnalysisSpec analysis) {
        return definition.threshold(spec.apply(analysis.gates()));
    }

    public String queryTemplate(AnalysisSpec analysis) {
        return definition.queryTemplate(spec.apply(analysis.gates()));
    }
}
