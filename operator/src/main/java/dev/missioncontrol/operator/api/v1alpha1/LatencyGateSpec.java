package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** p95 end-to-end latency gate: passes when the measured p95 is at most the threshold. */
public class LatencyGateSpec extends CohortGateSpec {

    public static final String DEFAULT_THRESHOLD = "1.25";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(60)
    @JsonPropertyDescription("Highest acceptable p95 latency in seconds, above 0 and at most 60 (default 1.25); a value in "
            + "milliseconds such as 1250 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
