package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Abuse gate: passes when at most the threshold share of requests is flagged abusive. */
public class AbuseRateGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.02";

    @Default(DEFAULT_THRESHOLD)
    @JsonPropertyDescription("Highest acceptable share of requests flagged abusive (default 0.02).")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
