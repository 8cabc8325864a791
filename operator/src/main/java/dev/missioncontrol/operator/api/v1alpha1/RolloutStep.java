package dev.missioncontrol.operator.api.v1alpha1;

import dev.missioncontrol.core.time.Durations;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class RolloutStep {

    @Required
    @Min(1)
    @Max(50)
    @JsonPropertyDescription("How many of the cohort's tenants are enabled once this step starts (cumulative, in spec.tenants order).")
    private Integer tenants;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long to hold after this step's analysis passed before the next step, e.g. 30s, 5m, 1h.")
    private String pause;

    public RolloutStep() {
    }

    public RolloutStep(Integer tenants, String pause) {
        this.tenants = tenants;
        this.pause = pause;
    }

    public Integer getTenants() {
        return tenants;
    }

    public void setTenants(Integer tenants) {
        this.tenants = tenants;
    }

    public String getPause() {
        return pause;
    }

    public void setPause(String pause) {
        this.pause = pause;
    }
}
