package dev.missioncontrol.operator.api.v1alpha1;

/** What a cohort's plan does with a source whose license text drifted from its pin. */
public enum LicenseDriftPolicy {
    Block,
    Demote
}
