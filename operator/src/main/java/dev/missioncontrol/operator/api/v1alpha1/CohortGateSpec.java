package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What every FederationCohort gate has besides its threshold (whose default differs per gate, so each subclass declares it). */
public abstract class CohortGateSpec implements GateSpec {

    @Size(max = 4096)
    @JsonPropertyDescription("PromQL replacing the default query; it must return one number. Placeholders: {{tenants}} "
            + "(regex alternation of the enabled tenant ids), {{window}} (spec.rollout.analysis.window), {{cohort}} (this "
            + "cohort's name), {{namespace}}.")
    private String query;

    @Override
    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}
