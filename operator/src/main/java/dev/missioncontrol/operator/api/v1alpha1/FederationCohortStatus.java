package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Everything the operator knows about a cohort; the rollout resumes from here after a restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What the operator observed and decided for the cohort: the rollout's phase and step, the enabled tenants, the last gate measurements, the history and the conditions. The rollout resumes from here after an operator restart.")
public class FederationCohortStatus extends KindStatus {

    @JsonPropertyDescription("Number of tenants in spec.tenants.")
    private Integer tenantCount;
    @JsonPropertyDescription("Available replicas of the cohort's gateway Deployment (0 until it serves).")
    private Integer availableReplicas;

    @JsonPropertyDescription("Pending, Progressing, Paused, Promoted, FallenBack or Aborted.")
    private RolloutPhase phase;
    @JsonPropertyDescription("federated or single-index: the mode the enabled tenants are served in.")
    private String mode;
    @JsonPropertyDescription("Index of the current rollout step, counted from 0 (stepProgress counts from 1).")
    private Integer currentStep;
    @JsonPropertyDescription("The current step counted from 1, over the number of steps: 1/3 on the first step, 3/3 on the last and once promoted "
            + "(the STEP column of kubectl get). Absent before the rollout starts.")
    private String stepProgress;
    @JsonPropertyDescription("Number of rollout steps (spec.rollout.steps, or the default single step).")
    private Integer stepCount;
    @JsonPropertyDescription("When the current step started (RFC 3339, UTC).")
    private String stepStartedAt;
    @JsonPropertyDescription("When the current step's analysis passed; the step's pause counts from here.")
    private String stepPassedAt;
    @JsonPropertyDescription("When the gates were last measured (RFC 3339, UTC).")
    private String lastAnalysisTime;
    @JsonPropertyDescription("Consecutive failed analyses; failureLimit of them fall the cohort back.")
    private Integer failedChecks;
    @JsonPropertyDescription("How many times this cohort fell back to single-index mode (history is bounded; this is not).")
    private Integer fallbackCount;
    @JsonPropertyDescription("Tenants served in federated mode now.")
    private List<String> enabledTenants = new ArrayList<>();
    @JsonPropertyDescription("Number of tenants served in federated mode now (the size of enabledTenants; the ENABLED column).")
    private Integer enabledTenantCount;
    @JsonPropertyDescription("The last measurement of each gate of the current step.")
    private List<GateStatus> gates = new ArrayList<>();
    @JsonPropertyDescription("The last transitions of the rollout, newest last (bounded).")
    private List<Transition> history = new ArrayList<>();
    @JsonPropertyDescription("How many of the indexes' sources the license table blends, demotes and blocks.")
    private SourceCounts sources;
    @JsonPropertyDescription("The missioncontrol.dev/retry annotation value already acted on.")
    private String handledRetry;
    @JsonPropertyDescription("Each index's license text check (indexes with a license only), in spec order.")
    private List<SourceLicenseStatus> licenses = new ArrayList<>();
    @JsonPropertyDescription("The head of the signed plan chain: ConfigMaps <cohort>-plan-1, -2, ... each holding a signed plan statement.")
    private ProvenanceStatus provenance;

    public List<SourceLicenseStatus> getLicenses() {
        return licenses;
    }

    public void setLicenses(List<SourceLicenseStatus> licenses) {
        this.licenses = licenses;
    }

    public ProvenanceStatus getProvenance() {
        return provenance;
    }

    public void setProvenance(ProvenanceStatus provenance) {
        this.provenance = provenance;
    }



    public Integer getTenantCount() {
        return tenantCount;
    }

    public void setTenantCount(Integer tenantCount) {
        this.tenantCount = tenantCount;
    }

    public Integer getAvailableReplicas() {
        return availableReplicas;
    }

    public void setAvailableReplicas(Integer availableReplicas) {
        this.availableReplicas = availableReplicas;
    }

    public RolloutPhase getPhase() {
        return phase;
    }

    public void setPhase(RolloutPhase phase) {
        this.phase = phase;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public Integer getCurrentStep() {
        return currentStep;
    }

    public void setCurrentStep(Integer currentStep) {
        this.currentStep = currentStep;
    }

    public String getStepProgress() {
        return stepProgress;
    }

    public void setStepProgress(String stepProgress) {
        this.stepProgress = stepProgress;
    }

    public Integer getStepCount() {
        return stepCount;
    }

    public void setStepCount(Integer stepCount) {
        this.stepCount = stepCount;
    }

    public String getStepStartedAt() {
        return stepStartedAt;
    }

    public void setStepStartedAt(String stepStartedAt) {
        this.stepStartedAt = stepStartedAt;
    }

    public String getStepPassedAt() {
        return stepPassedAt;
    }

    public void setStepPassedAt(String stepPassedAt) {
        this.stepPassedAt = stepPassedAt;
    }

    public String getLastAnalysisTime() {
        return lastAnalysisTime;
    }

    public void setLastAnalysisTime(String lastAnalysisTime) {
        this.lastAnalysisTime = lastAnalysisTime;
    }

    public Integer getFallbackCount() {
        return fallbackCount;
    }

    public void setFallbackCount(Integer fallbackCount) {
        this.fallbackCount = fallbackCount;
    }

    public Integer getFailedChecks() {
        return failedChecks;
    }

    public void setFailedChecks(Integer failedChecks) {
        this.failedChecks = failedChecks;
    }

    public List<String> getEnabledTenants() {
        return enabledTenants;
    }

    public void setEnabledTenants(List<String> enabledTenants) {
        this.enabledTenants = enabledTenants;
    }

    public Integer getEnabledTenantCount() {
        return enabledTenantCount;
    }

    public void setEnabledTenantCount(Integer enabledTenantCount) {
        this.enabledTenantCount = enabledTenantCount;
    }

    public List<GateStatus> getGates() {
        return gates;
    }

    public void setGates(List<GateStatus> gates) {
        this.gates = gates;
    }

    public List<Transition> getHistory() {
        return history;
    }

    public void setHistory(List<Transition> history) {
        this.history = history;
    }

    public SourceCounts getSources() {
        return sources;
    }

    public void setSources(SourceCounts sources) {
        this.sources = sources;
    }

    public String getHandledRetry() {
        return handledRetry;
    }

    public void setHandledRetry(String handledRetry) {
        this.handledRetry = handledRetry;
    }


}
