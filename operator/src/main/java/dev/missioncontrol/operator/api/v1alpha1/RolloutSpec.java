package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Staged enablement of the cohort's tenants, each step gated by an analysis on Prometheus. */
public class RolloutSpec {

    @Size(max = 20)
    @ValidationRule(value = "self.map(s, s.tenants).isSorted() && self.all(a, self.exists_one(b, b.tenants == a.tenants))",
            message = "spec.rollout.steps[].tenants must increase from step to step")
    @JsonPropertyDescription("Batches of tenants to enable: each step enables tenants up to its cumulative count. "
            + "A final step enabling every tenant is implied.")
    private List<RolloutStep> steps = new ArrayList<>();

    @Required
    @JsonPropertyDescription("How and how often the gates are measured.")
    private AnalysisSpec analysis;

    public List<RolloutStep> getSteps() {
        return steps;
    }

    public void setSteps(List<RolloutStep> steps) {
        this.steps = steps;
    }

    public AnalysisSpec getAnalysis() {
        return analysis;
    }

    public void setAnalysis(AnalysisSpec analysis) {
        this.analysis = analysis;
    }
}
