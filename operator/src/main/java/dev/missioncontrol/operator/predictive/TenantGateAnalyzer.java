package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.TenantGate;
import dev.missioncontrol.operator.analysis.GateVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Measures every gate for every enabled tenant on Prometheus. The only I/O of the predictive analysis. */
public class TenantGateAnalyzer {

    private final PrometheusClient prometheus;

    public TenantGateAnalyzer(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    public List<TenantGate> analyze(PredictiveRollout rollout, List<String> tenants, Instant now) {
        var spec = rollout.getSpec();
        var analysis = spec.getAnalysis();
        List<TenantGate> out = new ArrayList<>();
        for (String tenant : tenants) {
            for (PredictiveGate gate : PredictiveGate.values()) {
                String query = gate.query(analysis, spec.getFeature(), tenant, rollout.getMetadata().getNamespace());
                var status = GateVerdict.evaluate(gate.definition(), gate.threshold(analysis), query,
                        prometheus.query(analysis.getPrometheus().getAddress(), query), now.toString());
                out.add(new TenantGate(tenant, gate.definition().name(), status.verdict(), status.value(), status.threshold(), status.message()));
            }
        }
        return out;
    }
}
