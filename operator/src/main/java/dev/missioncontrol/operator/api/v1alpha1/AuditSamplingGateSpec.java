package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Audit sampling gate: passes when at least the threshold share of predictions is sampled into audit. */
public class AuditSamplingGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.99";

    @Default(DEFAULT_THRESHOLD)
    @JsonPropertyDescription("Minimum share of predictions sampled into audit (default 0.99).")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
