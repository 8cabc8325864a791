package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.quotas) || !has(self.quotas.overrides) || self.quotas.overrides.all(o, has(self.waves) && self.waves.exists(w, o.tenant in w.tenants))",
        message = "spec.quotas.overrides[].tenant must name a tenant of spec.waves", fieldPath = ".quotas.overrides")
@JsonClassDescription("The decision (go or no-go) and what it needs: on go the waves of tenants, their gates, quotas and the rollback drill; on no-go the remediation plan.")
public class PredictiveRolloutSpec {

    public enum Decision {
        @JsonProperty("go")
        GO,
        @JsonProperty("no-go")
        NO_GO
    }

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @ValidationRule(value = "self == oldSelf",
            message = "spec.feature cannot change: flag keys, metric labels and the rollout's history are keyed by it; create a new PredictiveRollout instead")
    @JsonPropertyDescription("The predictive feature, e.g. predictive-ranking; part of flag keys and metric labels. Immutable.")
    private String feature;

    @Required
    @JsonPropertyDescription("go: roll out in waves behind the gates; no-go: track the remediation plan.")
    private Decision decision;

    @Required
    @Size(min = 1, max = 512)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Reference of the decision memo, e.g. a document id or URL.")
    private String decisionMemo;

    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Who made the go / no-go decision (spec.decision and spec.decisionMemo): a user name as the "
            + "API server authenticates it. With the chart's admission policies it must be the user who creates the rollout "
            + "or changes the decision, in a reviewer group, and it cannot change without a new decision.")
    private String decidedBy;

    @Size(max = 20)
    @ValidationRule(value = "self.all(w, w.tenants.all(t, self.exists_one(v, t in v.tenants)) && w.tenants.all(t, w.tenants.exists_one(u, u == t)))",
            message = "spec.waves: a tenant may appear in one wave only, once")
    @JsonPropertyDescription("Tenants to enable, wave by wave; the last wave needs a recent successful rollback drill.")
    private List<Wave> waves = new ArrayList<>();

    @JsonPropertyDescription("Per-tenant request quotas written to the quotas ConfigMap while the feature is on.")
    private QuotaSpec quotas;

    @JsonPropertyDescription("How often and against which Prometheus the per-tenant gates are measured, and their thresholds.")
    private PredictiveAnalysisSpec analysis;

    @JsonPropertyDescription("Rollback drills: the CronJob that runs them and how recent a successful one must be before the final wave.")
    private RehearsalSpec rehearsal;

    @JsonPropertyDescription("For decision no-go: the remediation plan (milestones, re-review date) that status tracks.")
    private RemediationSpec remediation;

    public String getFeature() {
        return feature;
    }

    public void setFeature(String feature) {
        this.feature = feature;
    }

    public Decision getDecision() {
        return decision;
    }

    public void setDecision(Decision decision) {
        this.decision = decision;
    }

    public String getDecisionMemo() {
        return decisionMemo;
    }

    public void setDecisionMemo(String decisionMemo) {
        this.decisionMemo = decisionMemo;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public void setDecidedBy(String decidedBy) {
        this.decidedBy = decidedBy;
    }

    public List<Wave> getWaves() {
        return waves;
    }

    public void setWaves(List<Wave> waves) {
        this.waves = waves;
    }

    public QuotaSpec getQuotas() {
        return quotas;
    }

    public void setQuotas(QuotaSpec quotas) {
        this.quotas = quotas;
    }

    public PredictiveAnalysisSpec getAnalysis() {
        return analysis;
    }

    public void setAnalysis(PredictiveAnalysisSpec analysis) {
        this.analysis = analysis;
    }

    public RehearsalSpec getRehearsal() {
        return rehearsal;
    }

    public void setRehearsal(RehearsalSpec rehearsal) {
        this.rehearsal = rehearsal;
    }

    public RemediationSpec getRemediation() {
        return remediation;
    }

    public void setRemediation(RemediationSpec remediation) {
        this.remediation = remediation;
    }

    public static class Wave {
        @Required
        @Size(min = 1, max = 50)
        @JsonPropertyDescription("Tenant ids (DNS labels) enabled when this wave starts.")
        private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> tenants = new ArrayList<>();

        public Wave() {
        }

        public Wave(List<String> tenants) {
            this.tenants = new ArrayList<>(tenants);
        }

        public List<String> getTenants() {
            return tenants;
        }

        public void setTenants(List<String> tenants) {
            this.tenants = tenants;
        }
    }
}
