package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Where the onboarding is: the phase, every simulation row, the waivers, the budget and its shares with usage, the evidence bundle, and the conditions.")
public class TenantOnboardingStatus extends KindStatus {

    @JsonPropertyDescription("Simulating, Blocked, Ready, Live or Suspended.")
    private OnboardingPhase phase;

    @JsonPropertyDescription("The pack version rendered.")
    private String packVersion;

    @JsonPropertyDescription("sha256 of the rendered objects the simulation answered for; a pack or spec change re-runs the simulation.")
    private String renderedSha256;

    @JsonPropertyDescription("Every denial and warning the API server gave in the dry run of the rendered objects.")
    private List<SimulationRow> simulation;

    @JsonPropertyDescription("Denials no accepted token waives (the BLOCKS column).")
    private Integer blocks;

    @JsonPropertyDescription("The accepted appeal tokens.")
    private List<OnboardingWaiver> waivers;

    @JsonPropertyDescription("The tenant's budget in the units people write.")
    private Map<String, String> budget;

    @JsonPropertyDescription("The per-namespace quota shares and their usage.")
    private List<QuotaShare> shares;

    @JsonPropertyDescription("The flag keys turned on at go-live.")
    private List<String> featureFlags;

    @JsonPropertyDescription("How many rendered objects are applied (after go-live).")
    private Integer objects;

    @JsonPropertyDescription("Unwaived blocks when the tenant went live (the KPI: 0).")
    private Integer blocksAtGoLive;

    @JsonPropertyDescription("When the tenant went live (RFC 3339).")
    private String liveSince;

    @JsonPropertyDescription("The signed go-live evidence bundle.")
    private OnboardingEvidence evidence;

    public OnboardingPhase getPhase() {
        return phase;
    }

    public void setPhase(OnboardingPhase phase) {
        this.phase = phase;
    }

    public String getPackVersion() {
        return packVersion;
    }

    public void setPackVersion(String packVersion) {
        this.packVersion = packVersion;
    }

    public String getRenderedSha256() {
        return renderedSha256;
    }

    public void setRenderedSha256(String renderedSha256) {
        this.renderedSha256 = renderedSha256;
    }

    public List<SimulationRow> getSimulation() {
        return simulation;
    }

    public void setSimulation(List<SimulationRow> simulation) {
        this.simulation = simulation;
    }

    public Integer getBlocks() {
        return blocks;
    }

    public void setBlocks(Integer blocks) {
        this.blocks = blocks;
    }

    public List<OnboardingWaiver> getWaivers() {
        return waivers;
    }

    public void setWaivers(List<OnboardingWaiver> waivers) {
        this.waivers = waivers;
    }

    public Map<String, String> getBudget() {
        return budget;
    }

    public void setBudget(Map<String, String> budget) {
        this.budget = budget;
    }

    public List<QuotaShare> getShares() {
        return shares;
    }

    public void setShares(List<QuotaShare> shares) {
        this.shares = shares;
    }

    public List<String> getFeatureFlags() {
        return featureFlags;
    }

    public void setFeatureFlags(List<String> featureFlags) {
        this.featureFlags = featureFlags;
    }

    public Integer getObjects() {
        return objects;
    }

    public void setObjects(Integer objects) {
        this.objects = objects;
    }

    public Integer getBlocksAtGoLive() {
        return blocksAtGoLive;
    }

    public void setBlocksAtGoLive(Integer blocksAtGoLive) {
        this.blocksAtGoLive = blocksAtGoLive;
    }

    public String getLiveSince() {
        return liveSince;
    }

    public void setLiveSince(String liveSince) {
        this.liveSince = liveSince;
    }

    public OnboardingEvidence getEvidence() {
        return evidence;
    }

    public void setEvidence(OnboardingEvidence evidence) {
        this.evidence = evidence;
    }
}
