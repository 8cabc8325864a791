package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Click-through@5 uplift gate: passes when federated ctr@5 beats the single-index baseline by at least the threshold. */
public class CtrUpliftGateSpec extends CohortGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.05";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(1)
    @JsonPropertyDescription("Minimum relative ctr@5 uplift over the single-index baseline, as a ratio above 0 and at most 1 "
            + "(default 0.05 = +5 %); a percentage such as 5 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
