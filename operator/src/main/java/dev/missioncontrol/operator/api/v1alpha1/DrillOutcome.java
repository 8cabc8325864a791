package dev.missioncontrol.operator.api.v1alpha1;

/** How a rollback drill Job ended (Running while it has not). */
public enum DrillOutcome {
    Running,
    Succeeded,
    Failed
}
