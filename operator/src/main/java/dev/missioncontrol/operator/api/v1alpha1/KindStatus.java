package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every Mission Control kind's status has: the generation it describes and standard conditions. */
public abstract class KindStatus implements HasConditions {

    @JsonPropertyDescription("The metadata.generation this status was computed from; older than metadata.generation while the operator "
            + "has not yet acted on a spec change.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions (type, status, reason, message, lastTransitionTime, observedGeneration), one per type. "
            + "Ready says whether the resource does what its spec asks now; Reconciled whether the last reconciliation went through.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public List<Condition> getConditions() {
        return conditions;
    }

    @Override
    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
