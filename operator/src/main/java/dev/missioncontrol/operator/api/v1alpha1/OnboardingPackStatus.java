package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Whether the pack renders: the conditions (Ready=False with InvalidPack names the field).")
public class OnboardingPackStatus extends KindStatus {

    @JsonPropertyDescription("How many TenantOnboardings use this pack.")
    private Integer tenants;

    public Integer getTenants() {
        return tenants;
    }

    public void setTenants(Integer tenants) {
        this.tenants = tenants;
    }
}
