package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Click-through@5 uplift gate: passes when federated ctr@5 beats the single-index baseline by at least the threshold. */
public class CtrUpliftGateSpec extends CohortGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.05";

    @Default(DEFAULT_THRESHOLD)
    @JsonPropertyDescription("Minimum relative ctr@5 uplift over the single-index baseline, as a ratio (default 0.05 = +5 %).")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
