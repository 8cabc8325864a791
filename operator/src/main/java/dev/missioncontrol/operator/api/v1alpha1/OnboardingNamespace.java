package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonClassDescription("A namespace the tenant gets, <tenantId>-<suffix>, and its weight in the budget split.")
public class OnboardingNamespace {

    public static final String DEFAULT_WEIGHT = "1";

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 22)
    @JsonPropertyDescription("The namespace's suffix, a DNS label.")
    private String suffix;

    @Min(1)
    @Max(100)
    @Default(DEFAULT_WEIGHT)
    @JsonPropertyDescription("Its weight in the budget split (equal weights, equal shares).")
    private int weight = Integer.parseInt(DEFAULT_WEIGHT);

    public String getSuffix() {
        return suffix;
    }

    public void setSuffix(String suffix) {
        this.suffix = suffix;
    }

    public int getWeight() {
        return weight;
    }

    public void setWeight(int weight) {
        this.weight = weight;
    }
}
