package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Quota gate: passes when at most the threshold share of requests is rejected by quota. */
public class QuotaRejectionsGateSpec extends PredictiveGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.05";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("Highest acceptable share of requests rejected by quota, as a ratio above 0 and below 1 (default "
            + "0.05 = 5 %); a percentage such as 5 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
