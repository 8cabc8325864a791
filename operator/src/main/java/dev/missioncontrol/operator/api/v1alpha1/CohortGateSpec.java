package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What every FederationCohort gate has besides its threshold (whose default differs per gate, so each subclass declares it). */
public abstract class CohortGateSpec implements GateSpec {

    @Size(max = 4096)
    @ValidationRule(value = SchemaRules.COHORT_QUERY_PLACEHOLDERS, message = SchemaRules.COHORT_QUERY_PLACEHOLDERS_MESSAGE)
    @ValidationRule(value = SchemaRules.COHORT_QUERY_PER_TENANT, message = SchemaRules.COHORT_QUERY_PER_TENANT_MESSAGE)
    @JsonPropertyDescription("PromQL replacing the default query; it must return one number and select the enabled tenants "
            + "with {{tenants}}. Placeholders, written exactly so: {{tenants}} (regex alternation of the enabled tenant ids), "
            + "{{window}} (spec.rollout.analysis.window), {{cohort}} (this cohort's name), {{namespace}}; any other is refused.")
    private String query;

    @Override
    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}
