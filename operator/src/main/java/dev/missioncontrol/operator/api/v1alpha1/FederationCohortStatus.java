package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Everything the operator knows about a cohort; the rollout resumes from here after a restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FederationCohortStatus extends KindStatus {

    private Integer tenantCount;
    private Integer availableReplicas;

    @JsonPropertyDescription("Pending, Progressing, Paused, Promoted, FallenBack or Aborted.")
    private RolloutPhase phase;
    @JsonPropertyDescription("federated or single-index: the mode the enabled tenants are served in.")
    private String mode;
    @JsonPropertyDescription("Index of the current rollout step (0-based).")
    private Integer currentStep;
    private Integer stepCount;
    private String stepStartedAt;
    @JsonPropertyDescription("When the current step's analysis passed; the step's pause counts from here.")
    private String stepPassedAt;
    private String lastAnalysisTime;
    @JsonPropertyDescription("Consecutive failed analyses; failureLimit of them fall the cohort back.")
    private Integer failedChecks;
    @JsonPropertyDescription("How many times this cohort fell back to single-index mode (history is bounded; this is not).")
    private Integer fallbackCount;
    @JsonPropertyDescription("Tenants served in federated mode now.")
    private List<String> enabledTenants = new ArrayList<>();
    private Integer enabledTenantCount;
    private List<GateStatus> gates = new ArrayList<>();
    @JsonPropertyDescription("The last transitions of the rollout, newest last (bounded).")
    private List<Transition> history = new ArrayList<>();
    private SourceCounts sources;
    @JsonPropertyDescription("The missioncontrol.dev/retry annotation value already acted on.")
    private String handledRetry;



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
