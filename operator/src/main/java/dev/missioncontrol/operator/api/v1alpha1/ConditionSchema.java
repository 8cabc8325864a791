package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of one status condition: the fields of Kubernetes' metav1.Condition (Fabric8's Condition, which the status
 * holds), with their descriptions, which Fabric8's model does not carry. Never instantiated: KindStatus.conditions takes its
 * schema from here.
 */
final class ConditionSchema {

    @JsonPropertyDescription("The condition's type, in CamelCase: Ready, Reconciled, Progressing, and the kind's own (kubectl describe lists them).")
    public String type;
    @JsonPropertyDescription("True, False or Unknown.")
    public String status;
    @JsonPropertyDescription("Why the condition last changed: a CamelCase word to grep for.")
    public String reason;
    @JsonPropertyDescription("What happened and, when something needs doing, what to do; for people.")
    public String message;
    @JsonPropertyDescription("When status last changed (RFC 3339); a new reason or message with the same status keeps it.")
    public String lastTransitionTime;
    @JsonPropertyDescription("The metadata.generation the condition was set from; older than metadata.generation while the operator has not yet "
            + "acted on a spec change.")
    public Long observedGeneration;

    private ConditionSchema() {
    }
}
