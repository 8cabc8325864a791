package dev.missioncontrol.operator.api.v1alpha1;

/** Where a TenantOnboarding is. */
public enum OnboardingPhase {
    /** The rendered objects are being sent to the API server with server-side dry run. */
    Simulating,
    /** The pack does not render, a namespace is taken, or a denial is not waived: nothing is created. */
    Blocked,
    /** The simulation found no unwaived block; go-live waits for spec.goLive and the owners. */
    Ready,
    /** The objects exist, the flags are on, the evidence bundle is signed. */
    Live,
    /** Live before, but a waiver expired or usage exceeds the budget: the tenant's flags are off. */
    Suspended
}
