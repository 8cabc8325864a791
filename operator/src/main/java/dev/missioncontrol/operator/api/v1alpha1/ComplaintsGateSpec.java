package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Complaint-rate gate: passes when complaints per federated request stay below the threshold. */
public class ComplaintsGateSpec extends CohortGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.015";

    @Default(DEFAULT_THRESHOLD)
    @Min(value = 0, inclusive = false)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("Complaint rate the cohort must stay below, as a ratio above 0 and below 1 (default 0.015 = 1.5 %); "
            + "a percentage such as 1.5 is refused.")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
