package dev.missioncontrol.operator.api.v1alpha1;

/** Where a PredictiveRollout stands. */
public enum PredictivePhase {
    /** Decision no-go: no tenant is on; the remediation plan is tracked. */
    NoGo,
    /** A wave is on and being analysed. */
    Progressing,
    /** A gate is breached: the wave waits; a tenant breached past the breach limit is rolled back. */
    Paused,
    /** The final wave waits for a successful rollback drill. */
    HeldForDrill,
    /** Every wave passed its gates. */
    Completed
}
