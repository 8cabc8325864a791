package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What the operator observed and decided for the rollout: phase, wave, enabled tenants, breaches, rollbacks, drills, or on no-go the remediation progress, and the conditions.")
public class PredictiveRolloutStatus extends KindStatus {

    /** One tenant rolled back: its flag turned off because a gate stayed breached past the limit. */
    public record Rollback(
            @JsonPropertyDescription("The tenant rolled back.")
            String tenant,
            @JsonPropertyDescription("The gate that stayed breached: auditSampling, abuseRate or quotaRejections.")
            String gate,
            @JsonPropertyDescription("The gate's last measured value, a ratio from 0 to 1 (0.02 = 2 %) for every predictive gate.")
            Double value,
            @JsonPropertyDescription("The threshold it breached, in the same unit.")
            Double threshold,
            @JsonPropertyDescription("When the tenant was rolled back (RFC 3339, UTC).")
            String time,
            @JsonPropertyDescription("What happened, for people.")
            String message) {
    }

    /** A tenant whose gate is breached now, and since when. */
    public record Breach(
            @JsonPropertyDescription("The tenant whose gate is breached.")
            String tenant,
            @JsonPropertyDescription("The breached gate: auditSampling, abuseRate or quotaRejections.")
            String gate,
            @JsonPropertyDescription("The gate's last measured value, a ratio from 0 to 1 (0.02 = 2 %) for every predictive gate.")
            Double value,
            @JsonPropertyDescription("When the breach began (RFC 3339, UTC); the breach limit counts from here.")
            String since) {
    }

    /** The last measurement of one gate for one tenant. */
    public record TenantGate(
            @JsonPropertyDescription("The tenant measured.")
            String tenant,
            @JsonPropertyDescription("The gate: auditSampling, abuseRate or quotaRejections.")
            String gate,
            @JsonPropertyDescription("Passed, Failed or Inconclusive (no number to judge).")
            GateVerdictType verdict,
            @JsonPropertyDescription("The measured value, a ratio from 0 to 1 (0.02 = 2 %) for every predictive gate; absent when Inconclusive.")
            Double value,
            @JsonPropertyDescription("The threshold the value was compared with, in the same unit.")
            Double threshold,
            @JsonPropertyDescription("The verdict for people, with the value and threshold.")
            String message) {
    }

    /** One rollback drill and how it went. */
    public record Drill(
            @JsonPropertyDescription("The drill Job's name.")
            String job,
            @JsonPropertyDescription("When the Job started (RFC 3339, UTC).")
            String startedAt,
            @JsonPropertyDescription("When the Job finished (RFC 3339, UTC); absent while it runs.")
            String completedAt,
            @JsonPropertyDescription("How long the drill took, in seconds (0 or more); absent while it runs.")
            Long durationSeconds,
            @JsonPropertyDescription("Running, Succeeded or Failed.")
            DrillOutcome outcome) {
    }

    /** A remediation milestone past its due time and not done. */
    public record Overdue(
            @JsonPropertyDescription("The milestone's id in spec.remediation.milestones.")
            String id,
            @JsonPropertyDescription("The milestone's title.")
            String title,
            @JsonPropertyDescription("Who owns the milestone.")
            String owner,
            @JsonPropertyDescription("When it was due (RFC 3339, UTC).")
            String due) {
    }

    @JsonPropertyDescription("NoGo, Progressing, Paused, HeldForDrill or Completed.")
    private PredictivePhase phase;
    @JsonPropertyDescription("Index of the current wave in spec.waves, counted from 0 (waveProgress counts from 1); absent on no-go.")
    private Integer currentWave;
    @JsonPropertyDescription("The current wave counted from 1, over the number of waves: 1/3 on the first wave, 3/3 on the last and once completed "
            + "(the WAVE column of kubectl get). Absent on no-go.")
    private String waveProgress;
    @JsonPropertyDescription("Number of waves in spec.waves.")
    private Integer waveCount;
    @JsonPropertyDescription("When the current wave started (RFC 3339, UTC).")
    private String waveStartedAt;
    @JsonPropertyDescription("When the gates were last measured (RFC 3339, UTC).")
    private String lastAnalysisTime;
    @JsonPropertyDescription("Tenants whose feature flag is on now (the waves reached so far, less the rolled-back tenants).")
    private List<String> enabledTenants = new ArrayList<>();
    @JsonPropertyDescription("Number of tenants rolled back so far (0 or more).")
    private Integer rollbackCount;
    @JsonPropertyDescription("Each tenant rolled back, oldest first: its flag turned off because a gate stayed breached past "
            + "spec.analysis's breach limit.")
    private List<Rollback> rollbacks = new ArrayList<>();
    @JsonPropertyDescription("Tenants with a gate breached now, and since when; one still breached after the breach limit is rolled "
            + "back.")
    private List<Breach> breaches = new ArrayList<>();
    @JsonPropertyDescription("The last measurement of each gate for each enabled tenant.")
    private List<TenantGate> gates = new ArrayList<>();
    @JsonPropertyDescription("The last drills, newest last (bounded).")
    private List<Drill> drills = new ArrayList<>();
    @JsonPropertyDescription("When the last successful rollback drill completed (RFC 3339, UTC); the final wave needs one recent enough "
            + "(spec.rehearsal).")
    private String lastSuccessfulDrill;
    @JsonPropertyDescription("The missioncontrol.dev/rehearse annotation value already acted on (a drill was started for it).")
    private String handledRehearsal;
    @JsonPropertyDescription("On no-go: the share of remediation milestones done, in percent (0 to 100).")
    private Integer remediationPercent;
    @JsonPropertyDescription("On no-go: remediation milestones past their due time and not done.")
    private List<Overdue> overdueMilestones = new ArrayList<>();
    @JsonPropertyDescription("On no-go: when the decision is re-reviewed (RFC 3339, UTC), from spec.remediation.reReviewDate.")
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

    public String getWaveProgress() {
        return waveProgress;
    }

    public void setWaveProgress(String waveProgress) {
        this.waveProgress = waveProgress;
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
