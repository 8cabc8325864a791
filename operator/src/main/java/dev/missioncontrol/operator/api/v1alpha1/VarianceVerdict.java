package dev.missioncontrol.operator.api.v1alpha1;

/** Exported usage against metering for one tenant and window. */
public enum VarianceVerdict {
    /** Within the drift threshold. */
    Within,
    /** Beyond the drift threshold. */
    Drift,
    /** Metering returned no number: never counted as within. */
    Unknown
}
