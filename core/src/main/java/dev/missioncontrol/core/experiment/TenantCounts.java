package dev.missioncontrol.core.experiment;

/**
 * One tenant's cache lookups and hits since the experiment started, and the arm the tenant is assigned to.
 *
 * @param tenant the tenant
 * @param arm the arm the recorded assignment gives the tenant
 * @param hits cache hits (at most lookups)
 * @param lookups cache lookups: hits plus misses
 */
public record TenantCounts(String tenant, String arm, long hits, long lookups) {

    public TenantCounts {
        if (hits < 0 || lookups < 0 || hits > lookups) {
            throw new IllegalArgumentException("tenant " + tenant + ": hits " + hits + " and lookups " + lookups
                    + " must satisfy 0 <= hits <= lookups");
        }
    }
}
