package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Audit sampling gate: passes when at least the threshold share of predictions is sampled into audit. */
public class AuditSamplingGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.99";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(1)
    @JsonPropertyDescription("Minimum share of predictions sampled into audit, as a ratio above 0 and at most 1 (default 0.99 "
            + "= 99 %); a percentage such as 99 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
