package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/** What every PredictiveRollout gate has besides its threshold (whose default differs per gate, so each subclass declares it). */
public abstract class PredictiveGateSpec implements GateSpec {

    @Size(max = 4096)
    @ValidationRule(value = SchemaRules.PREDICTIVE_QUERY_PLACEHOLDERS, message = SchemaRules.PREDICTIVE_QUERY_PLACEHOLDERS_MESSAGE)
    @ValidationRule(value = SchemaRules.PER_TENANT, message = SchemaRules.PER_TENANT_MESSAGE)
    @JsonPropertyDescription("PromQL replacing the default query; it must return one number. It is measured per tenant, so it "
            + "must select one tenant with {{tenant}}. Placeholders, written exactly so: {{feature}} (spec.feature), {{tenant}} "
            + "(one tenant id), {{window}} (spec.analysis.window), {{namespace}}; any other is refused.")
    private String query;

    @Override
    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}
