package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** p95 end-to-end latency gate: passes when the measured p95 is at most the threshold. */
public class LatencyGateSpec implements GateSpec {

    @Default("1.25")
    @JsonPropertyDescription("Highest acceptable p95 latency in seconds (default 1.25).")
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
