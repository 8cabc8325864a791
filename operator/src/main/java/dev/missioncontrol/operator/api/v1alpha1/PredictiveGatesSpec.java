package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;

public class PredictiveGatesSpec {

    @Default("{}")
    private AuditSamplingGateSpec auditSampling;

    @Default("{}")
    private AbuseRateGateSpec abuseRate;

    @Default("{}")
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
