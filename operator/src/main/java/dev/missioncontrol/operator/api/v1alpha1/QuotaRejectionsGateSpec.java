package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Quota gate: passes when at most the threshold share of requests is rejected by quota. */
public class QuotaRejectionsGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.05";

    @Default(DEFAULT_THRESHOLD)
    @JsonPropertyDescription("Highest acceptable share of requests rejected by quota (default 0.05).")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
