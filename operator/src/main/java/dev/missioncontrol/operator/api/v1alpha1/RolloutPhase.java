package dev.missioncontrol.operator.api.v1alpha1;

/** Where a cohort's staged rollout is. */
public enum RolloutPhase {
    /** Waiting for the cohort named in spec.after to be Promoted. */
    Pending,
    /** Enabling tenants step by step behind the gates. */
    Progressing,
    /** Held by the missioncontrol.dev/pause annotation. */
    Paused,
    /** Every tenant enabled in federated mode. */
    Promoted,
    /** Gates failed failureLimit times in a row: single-index mode for every tenant. */
    FallenBack,
    /** Stopped by the missioncontrol.dev/abort annotation: single-index mode for every tenant. */
    Aborted
}
