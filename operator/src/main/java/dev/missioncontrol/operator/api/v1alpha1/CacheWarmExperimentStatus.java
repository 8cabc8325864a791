package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The experiment as measured: the recorded assignment and hashing version, per-arm hit ratio, interval, sample and "
        + "guardrails, the sample-ratio test, the decision and the signed verdict.")
public class CacheWarmExperimentStatus extends KindStatus {

    /** One tenant's recorded arm. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantArm(
            @JsonPropertyDescription("The tenant id.")
            String tenant,
            @JsonPropertyDescription("The arm flagd's fractional rule assigned it at the start; the experiment stops (AssignmentDrift) if "
                    + "an evaluation ever gives another.")
            String arm) {
    }

    /** How the assignment was computed, so a changed evaluator is noticed instead of silently reshuffling arms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hashing(
            @JsonPropertyDescription("The evaluator: flagd's in-process provider (the fractional operation of flagd's targeting rules).")
            String evaluator,
            @JsonPropertyDescription("The evaluator's version, e.g. the flagd provider's Maven version.")
            String version,
            @JsonPropertyDescription("The bucketing: murmur3 32-bit of flag key and tenant, scaled onto the weights, as flagd documents it.")
            String algorithm) {
    }

    /** One arm at the last measurement. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArmStatus(
            @JsonPropertyDescription("The arm's name.")
            String name,
            @JsonPropertyDescription("True for the control.")
            Boolean control,
            @JsonPropertyDescription("Tenants assigned to the arm.")
            Integer tenants,
            @JsonPropertyDescription("Cache hits of the arm's tenants since the start.")
            Long hits,
            @JsonPropertyDescription("Cache lookups (hits plus misses) of the arm's tenants since the start: the sample.")
            Long lookups,
            @JsonPropertyDescription("hits / lookups, a ratio from 0 to 1 (a ratio of sums, not a mean of tenants' ratios); absent without lookups.")
            Double hitRatio,
            @JsonPropertyDescription("hitRatio minus the control's, a ratio from -1 to 1 (0.02 is two percentage points); absent for the control.")
            Double difference,
            @JsonPropertyDescription("Lower end of the always-valid interval on difference; absent while unbounded.")
            Double lower,
            @JsonPropertyDescription("Upper end of the always-valid interval on difference; absent while unbounded.")
            Double upper,
            @JsonPropertyDescription("Control, Collecting (below the minimum sample), Undecided, Better, Equivalent, NotBetter or Stopped (a guardrail breached at this or an earlier look: see stoppedAt).")
            String outcome,
            @JsonPropertyDescription("The arm's p95 latency over spec.guardrails.window, in seconds; absent without data.")
            Double p95Seconds,
            @JsonPropertyDescription("Holds, Breached or NoData: the arm's p95 latency against control's times (1 + latencyMargin).")
            String latencyGuardrail,
            @JsonPropertyDescription("Queries the arm's warmer sent in the last hour; absent without data.")
            Double warmerQueriesLastHour,
            @JsonPropertyDescription("Holds, Breached or NoData: the warmer's queries in the last hour against its budget.")
            String queryBudgetGuardrail,
            @JsonPropertyDescription("Why a guardrail stopped the arm: the breached guardrail and its values at that look (the arm's and "
                    + "control's p95 latency and the margin, or the warmer's queries in the last hour and its budget); kept for the rest "
                    + "of the experiment.")
            String stoppedBecause,
            @JsonPropertyDescription("RFC 3339 time a guardrail stopped the arm. A stopped arm stays Stopped for the rest of the experiment, "
                    + "even once its guardrails hold again: it can never win and its warmer CronJob is suspended.")
            String stoppedAt) {

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean stopped() {
            return stoppedAt != null;
        }
    }

    /** The chi-square sample-ratio test at the last measurement. */
    public record SampleRatio(
            @JsonPropertyDescription("Pearson's chi-square of the lookups per arm against the weights.")
            Double chiSquare,
            @JsonPropertyDescription("The between-tenant dispersion the statistic is divided by (at least 1).")
            Double dispersion,
            @JsonPropertyDescription("The p-value; below 0.001 the experiment ends Invalid.")
            Double pValue,
            @JsonPropertyDescription("Degrees of freedom of the chi-square (arms with tenants, minus one).")
            Integer degreesOfFreedom) {
    }

    /**
     * What the decision was reached with, recorded with it: the verdict is signed from status alone (this, the arms, the
     * sample ratio, the assignment), so a retried signing signs the same bytes.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionInputs(
            @JsonPropertyDescription("sha256 (hex) of the experiment's canonical spec when it was decided: the verdict's subject digest.")
            String specSha256,
            @JsonPropertyDescription("The practical margin used, a ratio above 0 and below 1.")
            Double margin,
            @JsonPropertyDescription("The error rate used, above 0 and at most 0.2.")
            Double alpha,
            @JsonPropertyDescription("The minimum sample per arm used, in lookups.")
            Long minSamplePerArm,
            @JsonPropertyDescription("The minimum duration used, ISO-8601 (e.g. PT1H).")
            String minDuration,
            @JsonPropertyDescription("The maximum duration used, ISO-8601 (e.g. PT336H).")
            String maxDuration,
            @JsonPropertyDescription("Why the rule decided, a CamelCase word.")
            String reason,
            @JsonPropertyDescription("The rule's explanation of the decision.")
            String message) {
    }

    /** Where the signed verdict is. */
    public record VerdictRef(
            @JsonPropertyDescription("The ConfigMap in the experiment's namespace holding the DSSE envelope (key verdict.dsse.json).")
            String configMap,
            @JsonPropertyDescription("sha256 of the envelope's payload, hex.")
            String payloadSha256,
            @JsonPropertyDescription("The id of the Ed25519 key that signed it.")
            String keyId) {
    }

    @JsonPropertyDescription("Running, Winner, NoDifference, Inconclusive or Invalid (a sample-ratio mismatch or an assignment drift).")
    private ExperimentDecision decision;
    @JsonPropertyDescription("The winning arm, with decision Winner.")
    private String winner;
    @JsonPropertyDescription("RFC 3339 time the experiment started measuring: counts are taken since then, across operator restarts.")
    private String startedAt;
    @JsonPropertyDescription("RFC 3339 time the decision was reached.")
    private String decidedAt;
    @JsonPropertyDescription("RFC 3339 time of the last measurement.")
    private String measuredAt;
    @JsonPropertyDescription("The flag key in the flags ConfigMap whose variants are the arms.")
    private String flagKey;
    @JsonPropertyDescription("Each tenant's arm as recorded at the start.")
    private List<TenantArm> assignment = new ArrayList<>();
    @JsonPropertyDescription("The evaluator and bucketing that produced the assignment.")
    private Hashing hashing;
    @JsonPropertyDescription("Per arm: sample, hit ratio, difference from control with its interval, outcome and guardrails.")
    private List<ArmStatus> arms = new ArrayList<>();
    @JsonPropertyDescription("The error rate each non-control arm's interval is computed at: spec.alpha over the number of such arms.")
    private Double armAlpha;
    @JsonPropertyDescription("The sample-ratio test at the last measurement.")
    private SampleRatio sampleRatio;
    @JsonPropertyDescription("What the decision was reached with (recorded with it; the verdict is signed from status after this is written).")
    private DecisionInputs decisionInputs;
    @JsonPropertyDescription("The signed verdict, once decided and recorded.")
    private VerdictRef verdict;
    @JsonPropertyDescription("True once the winner was promoted into the flags for every tenant (spec.promoteWinner).")
    private Boolean promoted;

    public ExperimentDecision getDecision() {
        return decision;
    }

    public void setDecision(ExperimentDecision decision) {
        this.decision = decision;
    }

    public String getWinner() {
        return winner;
    }

    public void setWinner(String winner) {
        this.winner = winner;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getDecidedAt() {
        return decidedAt;
    }

    public void setDecidedAt(String decidedAt) {
        this.decidedAt = decidedAt;
    }

    public String getMeasuredAt() {
        return measuredAt;
    }

    public void setMeasuredAt(String measuredAt) {
        this.measuredAt = measuredAt;
    }

    public String getFlagKey() {
        return flagKey;
    }

    public void setFlagKey(String flagKey) {
        this.flagKey = flagKey;
    }

    public List<TenantArm> getAssignment() {
        return assignment;
    }

    public void setAssignment(List<TenantArm> assignment) {
        this.assignment = assignment;
    }

    public Hashing getHashing() {
        return hashing;
    }

    public void setHashing(Hashing hashing) {
        this.hashing = hashing;
    }

    public List<ArmStatus> getArms() {
        return arms;
    }

    public void setArms(List<ArmStatus> arms) {
        this.arms = arms;
    }

    public Double getArmAlpha() {
        return armAlpha;
    }

    public void setArmAlpha(Double armAlpha) {
        this.armAlpha = armAlpha;
    }

    public SampleRatio getSampleRatio() {
        return sampleRatio;
    }

    public void setSampleRatio(SampleRatio sampleRatio) {
        this.sampleRatio = sampleRatio;
    }

    public DecisionInputs getDecisionInputs() {
        return decisionInputs;
    }

    public void setDecisionInputs(DecisionInputs decisionInputs) {
        this.decisionInputs = decisionInputs;
    }

    public VerdictRef getVerdict() {
        return verdict;
    }

    public void setVerdict(VerdictRef verdict) {
        this.verdict = verdict;
    }

    public Boolean getPromoted() {
        return promoted;
    }

    public void setPromoted(Boolean promoted) {
        this.promoted = promoted;
    }
}
