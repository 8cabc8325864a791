package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Abuse gate: passes when at most the threshold share of requests is flagged abusive. */
public class AbuseRateGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.02";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("Highest acceptable share of requests flagged abusive, as a ratio above 0 and below 1 (default "
            + "0.02 = 2 %); a percentage such as 2 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
