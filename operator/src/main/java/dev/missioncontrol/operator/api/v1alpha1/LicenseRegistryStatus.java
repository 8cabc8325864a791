package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What the operator observed of the registry: how many pins it holds, and the conditions.")
public class LicenseRegistryStatus extends KindStatus {

    @JsonPropertyDescription("Number of pins in spec.pins (the PINS column).")
    private Integer pinCount;

    public Integer getPinCount() {
        return pinCount;
    }

    public void setPinCount(Integer pinCount) {
        this.pinCount = pinCount;
    }
}
