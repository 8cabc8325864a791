package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.GateSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveAnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveGatesSpec;
import dev.missioncontrol.operator.federation.gates.Gate;
import java.util.Locale;
import java.util.Optional;

/** The predictive feature's per-tenant gates, their default PromQL over the service's metrics, and directions. */
public enum PredictiveGate implements Gate {

    AUDIT_SAMPLING("auditSampling", ">=", 0.99,
            "sum(rate(predictive_predictions_audited_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_predictions_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"),
    ABUSE_RATE("abuseRate", "<=", 0.02,
            "sum(rate(predictive_requests_flagged_abusive_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_requests_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"),
    QUOTA_REJECTIONS("quotaRejections", "<=", 0.05,
            "sum(rate(predictive_requests_rejected_quota_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))"
                    + " / sum(rate(predictive_requests_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\"}[{{window}}]))");

    private final String gateName;
    private final String comparison;
    private final double defaultThreshold;
    private final String defaultQuery;

    PredictiveGate(String gateName, String comparison, double defaultThreshold, String defaultQuery) {
        this.gateName = gateName;
        this.comparison = comparison;
        this.defaultThreshold = defaultThreshold;
        this.defaultQuery = defaultQuery;
    }

    @Override
    public String gateName() {
        return gateName;
    }

    @Override
    public String comparison() {
        return comparison;
    }

    public String defaultQuery() {
        return defaultQuery;
    }

    @Override
    public boolean passes(double value, double threshold) {
        return this == AUDIT_SAMPLING ? value >= threshold : value <= threshold;
    }

    @Override
    public String format(double value) {
        String what = switch (this) {
            case AUDIT_SAMPLING -> "audit sampling";
            case ABUSE_RATE -> "abusive requests";
            case QUOTA_REJECTIONS -> "quota rejections";
        };
        return String.format(Locale.ROOT, "%s %.2f %%", what, value * 100);
    }

    @Override
    public String formatThreshold(double threshold) {
        return String.format(Locale.ROOT, "%.2f %%", threshold * 100);
    }

    private Optional<GateSpec> spec(PredictiveAnalysisSpec analysis) {
        PredictiveGatesSpec gates = analysis.getGates();
        if (gates == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (this) {
            case AUDIT_SAMPLING -> gates.getAuditSampling();
            case ABUSE_RATE -> gates.getAbuseRate();
            case QUOTA_REJECTIONS -> gates.getQuotaRejections();
        });
    }

    public double threshold(PredictiveAnalysisSpec analysis) {
        return spec(analysis).map(GateSpec::getThreshold).orElse(defaultThreshold);
    }

    public String query(PredictiveAnalysisSpec analysis, String feature, String tenant, String namespace) {
        String template = spec(analysis).map(GateSpec::getQuery).filter(q -> !q.isBlank()).orElse(defaultQuery);
        return template.replace("{{feature}}", feature).replace("{{tenant}}", tenant)
                .replace("{{window}}", Optional.ofNullable(analysis.getWindow()).orElse("5m")).replace("{{namespace}}", namespace);
    }
}
