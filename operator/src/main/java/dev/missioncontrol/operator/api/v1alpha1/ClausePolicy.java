package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Adds a clause to, or overrides a clause of, the built-in blending table for this cohort. */
public class ClausePolicy {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("A license clause id (as listed in a source's spec.search.indexes[].license.clauses) this rule decides.")
    private String clause;

    @Required
    @JsonPropertyDescription("Blend, Demote or Block.")
    private BlendDecision decision;

    public ClausePolicy() {
    }

    public ClausePolicy(String clause, BlendDecision decision) {
        this.clause = clause;
        this.decision = decision;
    }

    public String getClause() {
        return clause;
    }

    public void setClause(String clause) {
        this.clause = clause;
    }

    public BlendDecision getDecision() {
        return decision;
    }

    public void setDecision(BlendDecision decision) {
        this.decision = decision;
    }
}
