package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("A tenant's onboarding: who it is, which pack with which parameters, its budget and owners, the appeal tokens it presents, and whether it asks to go live.")
public class TenantOnboardingSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(min = 1, max = 40)
    @ValidationRule(value = "self == oldSelf", message = "spec.tenantId is immutable: onboard another tenant with another TenantOnboarding")
    @JsonPropertyDescription("The tenant's id: a DNS label of at most 40 characters, the prefix of its namespaces; equal to metadata.name; immutable.")
    private String tenantId;

    @Required
    @Pattern("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("The tenant's cost centre (a label value on every namespace).")
    private String costCentre;

    @Size(max = 20)
    @JsonPropertyDescription("The groups the tenant's people are in (bound to the pack's ClusterRoles).")
    private List<String> groups = new ArrayList<>();

    @Required
    @ValidationRule(value = "self == oldSelf", message = "spec.packRef is immutable: onboard with another pack in a new TenantOnboarding")
    @JsonPropertyDescription("The OnboardingPack; immutable.")
    private OnboardingPackRef packRef;

    @JsonPropertyDescription("The pack's parameters as strings, checked against the pack's schema.")
    private Map<String, String> parameters = new TreeMap<>();

    @Required
    @JsonPropertyDescription("The tenant's whole budget, split into per-namespace ResourceQuota shares that never sum above it.")
    private OnboardingBudget budget;

    @Size(max = 20)
    @JsonPropertyDescription("The people accountable for the tenant; at least one is needed to go live.")
    private List<String> owners = new ArrayList<>();

    @Size(max = 50)
    @JsonPropertyDescription("Appeal tokens waiving policy blocks: DSSE envelope JSON as `mcctl onboarding appeal` prints it.")
    private List<String> appealTokens = new ArrayList<>();

    @JsonPropertyDescription("True asks to go live: create the objects, turn the flags on, write the evidence bundle (once there is no unwaived block and owners are set).")
    private boolean goLive;

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public String getCostCentre() {
        return costCentre;
    }

    public void setCostCentre(String costCentre) {
        this.costCentre = costCentre;
    }

    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = groups;
    }

    public OnboardingPackRef getPackRef() {
        return packRef;
    }

    public void setPackRef(OnboardingPackRef packRef) {
        this.packRef = packRef;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    public OnboardingBudget getBudget() {
        return budget;
    }

    public void setBudget(OnboardingBudget budget) {
        this.budget = budget;
    }

    public List<String> getOwners() {
        return owners;
    }

    public void setOwners(List<String> owners) {
        this.owners = owners;
    }

    public List<String> getAppealTokens() {
        return appealTokens;
    }

    public void setAppealTokens(List<String> appealTokens) {
        this.appealTokens = appealTokens;
    }

    public boolean isGoLive() {
        return goLive;
    }

    public void setGoLive(boolean goLive) {
        this.goLive = goLive;
    }
}
