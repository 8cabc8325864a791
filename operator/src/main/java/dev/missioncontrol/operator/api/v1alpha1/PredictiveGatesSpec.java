package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

public class PredictiveGatesSpec {

    @Default("{}")
    @JsonPropertyDescription("Share of predictions sampled into audit; passes when at least the threshold (default 0.99).")
    private AuditSamplingGateSpec auditSampling;

    @Default("{}")
    @JsonPropertyDescription("Share of requests flagged abusive; passes when at most the threshold (default 0.02).")
    private AbuseRateGateSpec abuseRate;

    @Default("{}")
    @JsonPropertyDescription("Share of requests rejected by quota; passes when at most the threshold (default 0.05).")
    private QuotaRejectionsGateSpec quotaRejections;

    public AuditSamplingGateSpec getAuditSampling() {
        return auditSampling;
    }

    public void setAuditSampling(AuditSamplingGateSpec auditSampling) {
        this.auditSampling = auditSampling;
    }

    public AbuseRateGateSpec getAbuseRate() {
        return abuseRate;
    }

    public void setAbuseRate(AbuseRateGateSpec abuseRate) {
        this.abuseRate = abuseRate;
    }

    public QuotaRejectionsGateSpec getQuotaRejections() {
        return quotaRejections;
    }

    public void setQuotaRejections(QuotaRejectionsGateSpec quotaRejections) {
        this.quotaRejections = quotaRejections;
    }
}
