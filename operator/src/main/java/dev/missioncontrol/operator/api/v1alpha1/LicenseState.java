package dev.missioncontrol.operator.api.v1alpha1;

/** Whether a source's license text matches its pin. */
public enum LicenseState {
    /** The text was read and its normalised hash equals the pin. */
    Verified,
    /** The text was read and its normalised hash differs from the pin. */
    Drift,
    /** The text could not be read (object, key or label missing). */
    Missing,
    /** No text reference or no pin: only the clauses decide. */
    Unpinned
}
