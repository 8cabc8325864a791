package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.GateSpec;
import dev.missioncontrol.operator.api.v1alpha1.GatesSpec;
import java.util.Optional;

/**
 * The three federated-search gates, their default PromQL over the gateway's metric names, and how a
 * measured value compares with the threshold. The defaults are the product targets.
 */
public enum GateKind implements Gate {

    LATENCY("latency", "<=", 1.25,
            "histogram_quantile(0.95, sum by (le) (rate(federated_search_request_duration_seconds_bucket"
                    + "{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}])))"),
    COMPLAINTS("complaints", "<", 0.015,
            "sum(rate(federated_search_complaints_total{tenant=~\"{{tenants}}\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}]))"),
    CTR_UPLIFT("ctrUplift", ">=", 0.05,
            "(sum(rate(federated_search_clicks_at5_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{tenant=~\"{{tenants}}\",mode=\"federated\"}[{{window}}])))"
                    + " / (sum(rate(federated_search_clicks_at5_total{mode=\"single-index\"}[{{window}}]))"
                    + " / sum(rate(federated_search_requests_total{mode=\"single-index\"}[{{window}}]))) - 1");

    private final String gateName;
    private final String comparison;
    private final double defaultThreshold;
    private final String defaultQuery;

    GateKind(String gateName, String comparison, double defaultThreshold, String defaultQuery) {
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

    /** Whether a measured value passes the threshold, in this gate's direction. */
    @Override
    public boolean passes(double value, double threshold) {
        return switch (this) {
            case LATENCY -> value <= threshold;
            case COMPLAINTS -> value < threshold;
            case CTR_UPLIFT -> value >= threshold;
        };
    }

    /** A person-readable rendering of a measured value. */
    @Override
    public String format(double value) {
        return switch (this) {
            case LATENCY -> String.format(java.util.Locale.ROOT, "p95 %.3f s", value);
            case COMPLAINTS -> String.format(java.util.Locale.ROOT, "complaint rate %.2f %%", value * 100);
            case CTR_UPLIFT -> String.format(java.util.Locale.ROOT, "ctr@5 uplift %+.2f %%", value * 100);
        };
    }

    @Override
    public String formatThreshold(double threshold) {
        return switch (this) {
            case LATENCY -> String.format(java.util.Locale.ROOT, "%.3f s", threshold);
            case COMPLAINTS, CTR_UPLIFT -> String.format(java.util.Locale.ROOT, "%.2f %%", threshold * 100);
        };
    }

    public Optional<GateSpec> spec(AnalysisSpec analysis) {
        GatesSpec gates = analysis.getGates();
        if (gates == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (this) {
            case LATENCY -> gates.getLatency();
            case COMPLAINTS -> gates.getComplaints();
            case CTR_UPLIFT -> gates.getCtrUplift();
        });
    }

    public double threshold(AnalysisSpec analysis) {
        return spec(analysis).map(GateSpec::getThreshold).orElse(defaultThreshold);
    }

    public String queryTemplate(AnalysisSpec analysis) {
        return spec(analysis).map(GateSpec::getQuery).filter(q -> !q.isBlank()).orElse(defaultQuery);
    }
}
