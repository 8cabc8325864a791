package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.analysis.Comparison;
import dev.missioncontrol.operator.analysis.GateDefinition;
import dev.missioncontrol.operator.analysis.QueryTemplate;
import dev.missioncontrol.operator.analysis.ValueFormat;
import dev.missioncontrol.operator.api.v1alpha1.AbuseRateGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.AuditSamplingGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.GateSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveAnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveGatesSpec;
import dev.missioncontrol.operator.api.v1alpha1.QuotaRejectionsGateSpec;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The table of the predictive feature's per-tenant gates: each row a gate definition (default threshold from its
 * spec type, default PromQL over the service's metrics) and where its spec sits in spec.analysis.gates.
 */
public enum PredictiveGate {

    AUDIT_SAMPLING(new GateDefinition("auditSampling", Comparison.AT_LEAST, AuditSamplingGateSpec.DEFAULT_THRESHOLD,
            "sum(rate(predictive_predictions_audited_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_predictions_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))",
            ValueFormat.percent("audit sampling")), PredictiveGatesSpec::getAuditSampling),
    ABUSE_RATE(new GateDefinition("abuseRate", Comparison.AT_MOST, AbuseRateGateSpec.DEFAULT_THRESHOLD,
            "sum(rate(predictive_requests_flagged_abusive_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_requests_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))",
            ValueFormat.percent("abusive requests")), PredictiveGatesSpec::getAbuseRate),
    QUOTA_REJECTIONS(new GateDefinition("quotaRejections", Comparison.AT_MOST, QuotaRejectionsGateSpec.DEFAULT_THRESHOLD,
            "sum(rate(predictive_requests_rejected_quota_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_requests_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))",
            ValueFormat.percent("quota rejections")), PredictiveGatesSpec::getQuotaRejections);

    /** The placeholders a rollout's gate queries may use (documented on the gate spec's query field). */
    public static final Set<String> PLACEHOLDERS = Set.of("feature", "tenant", "window", "namespace");

    private final GateDefinition definition;
    private final Function<PredictiveGatesSpec, ? extends GateSpec> spec;

    PredictiveGate(GateDefinition definition, Function<PredictiveGatesSpec, ? extends GateSpec> spec) {
        this.definition = definition;
        this.spec = spec;
    }

    public GateDefinition definition() {
        return definition;
    }

    public double threshold(PredictiveAnalysisSpec analysis) {
        return definition.threshold(spec.apply(analysis.gates()));
    }

    public String query(PredictiveAnalysisSpec analysis, String feature, String tenant, String namespace) {
        return render(definition.queryTemplate(spec.apply(analysis.gates())), feature, tenant, analysis.window(), namespace);
    }

    /** Fills the documented placeholders. */
    public static String render(String template, String feature, String tenant, String window, String namespace) {
        return QueryTemplate.render(template, Map.of("feature", feature, "tenant", tenant, "window", window, "namespace", namespace));
    }
}
