package dev.missioncontrol.operator.api.v1alpha1;

/** How a key-rotation rehearsal ended. */
public enum RehearsalOutcome {
    Succeeded,
    Failed
}
