package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** Click-through@5 uplift gate: passes when federated ctr@5 beats the single-index baseline by at least the threshold. */
public class CtrUpliftGateSpec implements GateSpec {

    @Default("0.05")
    @JsonPropertyDescription("Minimum relative ctr@5 uplift over the single-index baseline, as a ratio (default 0.05 = +5 %).")
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
