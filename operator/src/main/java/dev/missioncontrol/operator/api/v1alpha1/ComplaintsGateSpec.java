package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Complaint-rate gate: passes when complaints per federated request stay below the threshold. */
public class ComplaintsGateSpec extends CohortGateSpec {

    public static final String DEFAULT_THRESHOLD = "0.015";

    @Default(DEFAULT_THRESHOLD)
    @JsonPropertyDescription("Complaint rate the cohort must stay below, as a ratio (default 0.015 = 1.5 %).")
    private Double threshold;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
