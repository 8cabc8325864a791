package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What every PredictiveRollout gate has besides its threshold (whose default differs per gate, so each subclass declares it). */
public abstract class PredictiveGateSpec implements GateSpec {

    @Size(max = 4096)
    @JsonPropertyDescription("PromQL replacing the default query; it must return one number. It is measured per tenant. "
            + "Placeholders: {{feature}} (spec.feature), {{tenant}} (one tenant id), {{window}} (spec.analysis.window), "
            + "{{namespace}}.")
    private String query;

    @Override
    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}
