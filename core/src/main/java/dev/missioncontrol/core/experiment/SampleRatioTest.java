package dev.missioncontrol.core.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample-ratio test: Pearson's chi-square of the lookups each arm received against the allocation's weights. A
 * sample ratio mismatch (say 60/40 under a 50/50 allocation) means assignment or measurement is broken, and every
 * comparison between arms is then suspect.
 *
 * <p>Tenants, not lookups, are assigned, and a tenant's lookups come in bursts: arm totals vary far more than if every
 * lookup were assigned on its own, and a plain chi-square would call that a mismatch. So the statistic is divided by
 * the dispersion measured between the tenants of each arm (quasi-Poisson: the variance of a tenant's lookups over its
 * mean, at least 1) and compared with the F distribution with (arms - 1, tenants - arms) degrees of freedom. With one
 * tenant per arm the dispersion cannot be measured and the plain chi-square is used.
 */
public final class SampleRatioTest {

    /** Below this p-value the sample ratio does not match the allocation and the experiment is Invalid. */
    public static final double INVALID_BELOW_P = 0.001;

    private SampleRatioTest() {
    }

    /**
     * @param chiSquare Pearson's statistic on the arms' lookups
     * @param dispersion the between-tenant dispersion it is divided by (1 when not measurable)
     * @param degreesOfFreedom arms minus one
     * @param pValue the probability of a statistic at least this large when the allocation holds
     * @param observed lookups per arm
     * @param expectedShare the allocation's share per arm (weights over their sum)
     */
    public record Result(double chiSquare, double dispersion, int degreesOfFreedom, double pValue, Map<String, Long> observed,
            Map<String, Double> expectedShare) {

        public boolean mismatch() {
            return pValue < INVALID_BELOW_P;
        }
    }

    /**
     * @param counts every tenant's counts with its arm
     * @param weights the allocation's weight per arm (any positive scale); arms with weight 0 expect nothing
     */
    public static Result test(List<TenantCounts> counts, Map<String, Integer> weights) {
        if (weights.size() < 2) {
            throw new IllegalArgumentException("a sample ratio needs two or more arms, not " + weights.keySet());
        }
        double weightSum = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Long> observed = new LinkedHashMap<>();
        Map<String, Integer> tenants = new LinkedHashMap<>();
        weights.keySet().forEach(a -> {
            observed.put(a, 0L);
            tenants.put(a, 0);
        });
        for (TenantCounts c : counts) {
            if (observed.containsKey(c.arm())) {
                observed.merge(c.arm(), c.lookups(), Long::sum);
                tenants.merge(c.arm(), 1, Integer::sum);
            }
        }
        long total = observed.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        double chi = 0;
        int arms = 0;
        for (var e : weights.entrySet()) {
            double share = e.getValue() / weightSum;
            shares.put(e.getKey(), share);
            if (share <= 0) {
                continue; // an arm with weight 0 expects nothing; it is not a degree of freedom
            }
            arms++;
            double expected = total * share;
            if (expected > 0) {
                double d = observed.get(e.getKey()) - expected;
                chi += d * d / expected;
            }
        }
        int df = arms - 1;
        // Pearson dispersion of the tenants' lookups around their arm's mean tenant
        double pearson = 0;
        int residualDf = 0;
        for (String arm : weights.keySet()) {
            int k = tenants.get(arm);
            if (k == 0 || shares.get(arm) <= 0) {
                continue;
            }
            double mean = (double) observed.get(arm) / k;
            residualDf += k - 1;
            if (mean > 0) {
                for (TenantCounts c : counts) {
                    if (c.arm().equals(arm)) {
                        double d = c.lookups() - mean;
                        pearson += d * d / mean;
                    }
                }
            }
        }
        double dispersion = residualDf > 0 ? Math.max(1.0, pearson / residualDf) : 1.0;
        double p;
        if (total == 0 || df < 1) {
            p = 1.0;
        } else if (residualDf > 0) {
            p = SpecialFunctions.fSurvival(chi / df / dispersion, df, residualDf);
        } else {
            p = SpecialFunctions.chiSquareSurvival(chi, df);
        }
        return new Result(chi, dispersion, Math.max(df, 0), p, Map.copyOf(observed), shares);
    }
}
