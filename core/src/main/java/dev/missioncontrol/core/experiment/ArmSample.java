package dev.missioncontrol.core.experiment;

import java.util.List;

/**
 * An arm's sample: the hit ratio as a ratio of sums (all hits over all lookups of the arm's tenants, never a mean of
 * per-tenant ratios, so a small tenant weighs what its traffic weighs) and the variance of that ratio.
 *
 * <p>The variance is the larger of two estimates: the binomial one (every lookup an independent trial) and the
 * delta-method one over tenants (Deng et al., "Applying the Delta Method in Metric Analytics", 2018), which also
 * counts how much tenants differ from each other. Tenants, not lookups, are what is assigned to arms, so when tenants
 * differ the binomial variance alone would be too small and intervals too narrow.
 *
 * @param arm the arm
 * @param hits the arm's hits
 * @param lookups the arm's lookups
 * @param tenants how many tenants contributed lookups
 * @param variance the variance of {@link #hitRatio()}; infinite without lookups
 */
public record ArmSample(String arm, long hits, long lookups, int tenants, double variance) {

    /** The hit ratio, hits over lookups; NaN without lookups (no data is never a number). */
    public double hitRatio() {
        return lookups == 0 ? Double.NaN : (double) hits / lookups;
    }

    public boolean hasData() {
        return lookups > 0;
    }

    /** Sums the counts of the tenants assigned to {@code arm}; the others are ignored. */
    public static ArmSample of(String arm, List<TenantCounts> counts) {
        long hits = 0;
        long lookups = 0;
        int tenants = 0;
        for (TenantCounts c : counts) {
            if (c.arm().equals(arm)) {
                hits += c.hits();
                lookups += c.lookups();
                if (c.lookups() > 0) {
                    tenants++;
                }
            }
        }
        if (lookups == 0) {
            return new ArmSample(arm, 0, 0, 0, Double.POSITIVE_INFINITY);
        }
        double p = (double) hits / lookups;
        // a ratio of exactly 0 or 1 has binomial variance 0; half a lookup either way keeps the interval honest
        double pBounded = Math.min(Math.max(p, 0.5 / lookups), 1 - 0.5 / lookups);
        double binomial = pBounded * (1 - pBounded) / lookups;
        double delta = 0;
        if (tenants >= 2) {
            double sumSquares = 0;
            for (TenantCounts c : counts) {
                if (c.arm().equals(arm) && c.lookups() > 0) {
                    double residual = c.hits() - p * c.lookups();
                    sumSquares += residual * residual;
                }
            }
            delta = (double) tenants / (tenants - 1) * sumSquares / ((double) lookups * lookups);
        }
        return new ArmSample(arm, hits, lookups, tenants, Math.max(binomial, delta));
    }
}
