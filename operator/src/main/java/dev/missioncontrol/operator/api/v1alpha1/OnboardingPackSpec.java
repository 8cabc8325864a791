package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What a tenant gets, as templates, and the parameters it takes with their schema (the core Pack).")
public class OnboardingPackSpec {

    @Required
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("The pack's version, recorded in each tenant's evidence.")
    private String version;

    @JsonPropertyDescription("The schema of each parameter the pack takes, by name.")
    private Map<String, OnboardingParameter> parameters = new TreeMap<>();

    @Required
    @Size(min = 1, max = 10)
    @ValidationRule(value = "self.all(n, self.exists_one(m, m.suffix == n.suffix))", message = "spec.namespaces: each suffix may be listed once")
    @JsonPropertyDescription("The namespaces a tenant gets, <tenantId>-<suffix>; the first is the home namespace (metering entry, SearchSLO, flags).")
    private List<OnboardingNamespace> namespaces = new ArrayList<>();

    @JsonPropertyDescription("The least budget every namespace needs; a smaller tenant budget is refused.")
    private OnboardingBudget minimumPerNamespace;

    @JsonPropertyDescription("Container defaults in every namespace, so pods without requests still fit the quota.")
    private OnboardingLimitRange limitRange;

    @Pattern("^(privileged|baseline|restricted)$")
    @JsonPropertyDescription("The Pod Security admission level every namespace enforces: privileged, baseline or restricted.")
    private String podSecurity;

    @JsonPropertyDescription("When true, each namespace admits ingress only from the tenant's own namespaces.")
    private boolean isolateNetwork;

    @Size(max = 10)
    @JsonPropertyDescription("The ClusterRoles the tenant's groups are bound to in every namespace.")
    private List<String> groupClusterRoles = new ArrayList<>();

    @Size(max = 50)
    @JsonPropertyDescription("The flag keys turned on for the tenant at go-live (placeholders allowed).")
    private List<String> featureFlags = new ArrayList<>();

    @PreserveUnknownFields
    @JsonPropertyDescription("A SearchSLO spec created in the home namespace as <tenantId>-search (placeholders allowed in every string).")
    private JsonNode searchSlo;

    @Size(max = 128)
    @JsonPropertyDescription("The plan written in the tenant's metering entry (placeholders allowed).")
    private String meteringPlan;

    @Size(max = 50)
    @JsonPropertyDescription("Further namespaced objects every tenant gets (placeholders allowed).")
    private List<OnboardingWorkload> workloads = new ArrayList<>();

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public Map<String, OnboardingParameter> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, OnboardingParameter> parameters) {
        this.parameters = parameters;
    }

    public List<OnboardingNamespace> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<OnboardingNamespace> namespaces) {
        this.namespaces = namespaces;
    }

    public OnboardingBudget getMinimumPerNamespace() {
        return minimumPerNamespace;
    }

    public void setMinimumPerNamespace(OnboardingBudget minimumPerNamespace) {
        this.minimumPerNamespace = minimumPerNamespace;
    }

    public OnboardingLimitRange getLimitRange() {
        return limitRange;
    }

    public void setLimitRange(OnboardingLimitRange limitRange) {
        this.limitRange = limitRange;
    }

    public String getPodSecurity() {
        return podSecurity;
    }

    public void setPodSecurity(String podSecurity) {
        this.podSecurity = podSecurity;
    }

    public boolean isIsolateNetwork() {
        return isolateNetwork;
    }

    public void setIsolateNetwork(boolean isolateNetwork) {
        this.isolateNetwork = isolateNetwork;
    }

    public List<String> getGroupClusterRoles() {
        return groupClusterRoles;
    }

    public void setGroupClusterRoles(List<String> groupClusterRoles) {
        this.groupClusterRoles = groupClusterRoles;
    }

    public List<String> getFeatureFlags() {
        return featureFlags;
    }

    public void setFeatureFlags(List<String> featureFlags) {
        this.featureFlags = featureFlags;
    }

    public JsonNode getSearchSlo() {
        return searchSlo;
    }

    public void setSearchSlo(JsonNode searchSlo) {
        this.searchSlo = searchSlo;
    }

    public String getMeteringPlan() {
        return meteringPlan;
    }

    public void setMeteringPlan(String meteringPlan) {
        this.meteringPlan = meteringPlan;
    }

    public List<OnboardingWorkload> getWorkloads() {
        return workloads;
    }

    public void setWorkloads(List<OnboardingWorkload> workloads) {
        this.workloads = workloads;
    }
}
