package dev.missioncontrol.operator.api.v1alpha1;

public enum GateVerdictType {
    Passed,
    Failed,
    /** No data, or the query failed: never counts as a pass. */
    Inconclusive
}
