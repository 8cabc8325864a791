package dev.missioncontrol.operator.api.v1alpha1;

/** Why a gate measurement is Inconclusive; conditions choose their reason from this, never from a message's wording. */
public enum InconclusiveCause {
    /** The query ran but returned no number (no series, NaN, no tenant enabled yet). */
    NoData,
    /** Prometheus could not be reached or rejected the query. */
    QueryError,
    /** The Prometheus address is not in the operator's allowlist: no request was sent. */
    AddressNotAllowed
}
