package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** Complaint-rate gate: passes when complaints per federated request stay below the threshold. */
public class ComplaintsGateSpec implements GateSpec {

    @Default("0.015")
    @JsonPropertyDescription("Complaint rate the cohort must stay below, as a ratio (default 0.015 = 1.5 %).")
    private Double threshold;

    @Size(max = 4096)
    @JsonPropertyDescription("PromQL replacing the default query; it must return one number. Placeholders: {{tenants}} "
            + "(regex of the enabled tenant ids), {{window}}, {{cohort}}, {{namespace}}.")
    private String query;

    @Override
    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}
