package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PredictiveRolloutStatus extends KindStatus {

    /** One tenant rolled back: its flag turned off because a gate stayed breached past the limit. */
    public record Rollback(String tenant, String gate, Double value, Double threshold, String time, String message) {
    }

    /** A tenant whose gate is breached now, and since when. */
    public record Breach(String tenant, String gate, Double value, String since) {
    }

    /** The last measurement of one gate for one tenant. */
    public record TenantGate(String tenant, String gate, GateVerdictType verdict, Double value, Double threshold, String message) {
    }

    /** One rollback drill and how it went. */
    public record Drill(String job, String startedAt, String completedAt, Long durationSeconds, DrillOutcome outcome) {
    }

    /** A remediation milestone past its due time and not done. */
    public record Overdue(String id, String title, String owner, String due) {
    }

    @JsonPropertyDescription("NoGo, Progressing, Paused, HeldForDrill or Completed.")
    private PredictivePhase phase;
    private Integer currentWave;
    private Integer waveCount;
    private String waveStartedAt;
    private String lastAnalysisTime;
    private List<String> enabledTenants = new ArrayList<>();
    private Integer rollbackCount;
    private List<Rollback> rollbacks = new ArrayList<>();
    private List<Breach> breaches = new ArrayList<>();
    private List<TenantGate> gates = new ArrayList<>();
    @JsonPropertyDescription("The last drills, newest last (bounded).")
    private List<Drill> drills = new ArrayList<>();
    private String lastSuccessfulDrill;
    private String handledRehearsal;
    private Integer remediationPercent;
    private List<Overdue> overdueMilestones = new ArrayList<>();
    private String reReviewDate;



    public PredictivePhase getPhase() {
        return phase;
    }

    public void setPhase(PredictivePhase phase) {
        this.phase = phase;
    }

    public Integer getCurrentWave() {
        return currentWave;
    }

    public void setCurrentWave(Integer currentWave) {
        this.currentWave = currentWave;
    }

    public Integer getWaveCount() {
        return waveCount;
    }

    public void setWaveCount(Integer waveCount) {
        this.waveCount = waveCount;
    }

    public String getWaveStartedAt() {
        return waveStartedAt;
    }

    public void setWaveStartedAt(String waveStartedAt) {
        this.waveStartedAt = waveStartedAt;
    }

    public String getLastAnalysisTime() {
        return lastAnalysisTime;
    }

    public void setLastAnalysisTime(String lastAnalysisTime) {
        this.lastAnalysisTime = lastAnalysisTime;
    }

    public List<String> getEnabledTenants() {
        return enabledTenants;
    }

    public void setEnabledTenants(List<String> enabledTenants) {
        this.enabledTenants = enabledTenants;
    }

    public Integer getRollbackCount() {
        return rollbackCount;
    }

    public void setRollbackCount(Integer rollbackCount) {
        this.rollbackCount = rollbackCount;
    }

    public List<Rollback> getRollbacks() {
        return rollbacks;
    }

    public void setRollbacks(List<Rollback> rollbacks) {
        this.rollbacks = rollbacks;
    }

    public List<Breach> getBreaches() {
        return breaches;
    }

    public void setBreaches(List<Breach> breaches) {
        this.breaches = breaches;
    }

    public List<TenantGate> getGates() {
        return gates;
    }

    public void setGates(List<TenantGate> gates) {
        this.gates = gates;
    }

    public List<Drill> getDrills() {
        return drills;
    }

    public void setDrills(List<Drill> drills) {
        this.drills = drills;
    }

    public String getLastSuccessfulDrill() {
        return lastSuccessfulDrill;
    }

    public void setLastSuccessfulDrill(String lastSuccessfulDrill) {
        this.lastSuccessfulDrill = lastSuccessfulDrill;
    }

    public String getHandledRehearsal() {
        return handledRehearsal;
    }

    public void setHandledRehearsal(String handledRehearsal) {
        this.handledRehearsal = handledRehearsal;
    }

    public Integer getRemediationPercent() {
        return remediationPercent;
    }

    public void setRemediationPercent(Integer remediationPercent) {
        this.remediationPercent = remediationPercent;
    }

    public List<Overdue> getOverdueMilestones() {
        return overdueMilestones;
    }

    public void setOverdueMilestones(List<Overdue> overdueMilestones) {
        this.overdueMilestones = overdueMilestones;
    }

    public String getReReviewDate() {
        return reReviewDate;
    }

    public void setReReviewDate(String reReviewDate) {
        this.reReviewDate = reReviewDate;
    }


}
