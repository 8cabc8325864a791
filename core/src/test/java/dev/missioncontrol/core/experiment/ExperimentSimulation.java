package dev.missioncontrol.core.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded simulation of an experiment looked at every interval: tenants with their own base hit ratio (tenants
 * differ, as real ones do: by default uniformly within 2 points), assigned to arms, each sending a random number of lookups per interval (±25 %); an arm may add an
 * effect to its tenants' hit ratio.
 */
final class ExperimentSimulation {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Random random;
    private final Map<String, String> armOf = new LinkedHashMap<>();
    private final Map<String, Double> baseRatio = new LinkedHashMap<>();
    private final Map<String, Double> effect;
    private final Map<String, Double> trafficScale;
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final int lookupsPerTenantInterval;

    /**
     * @param tenantsPerArm how many tenants each arm has
     * @param effect added hit ratio per arm (missing: 0)
     * @param trafficScale traffic per arm relative to 1 (missing: 1): a 60/40 split is 1.5 against 1.0
     */
    ExperimentSimulation(long seed, List<String> arms, int tenantsPerArm, Map<String, Double> effect,
            Map<String, Double> trafficScale, int lookupsPerTenantInterval) {
        this(seed, arms, tenantsPerArm, effect, trafficScale, lookupsPerTenantInterval, 0.02);
    }

    /** @param tenantSpread the tenants' base hit ratios are uniform in 0.40 ± spread / 2 */
    ExperimentSimulation(long seed, List<String> arms, int tenantsPerArm, Map<String, Double> effect,
            Map<String, Double> trafficScale, int lookupsPerTenantInterval, double tenantSpread) {
        this.random = new Random(seed);
        this.effect = effect;
        this.trafficScale = trafficScale;
        this.lookupsPerTenantInterval = lookupsPerTenantInterval;
        for (String arm : arms) {
            for (int i = 0; i < tenantsPerArm; i++) {
                String tenant = arm + "-t" + i;
                armOf.put(tenant, arm);
                baseRatio.put(tenant, 0.40 - tenantSpread / 2 + tenantSpread * random.nextDouble());
                totals.put(tenant, new long[2]);
            }
        }
    }

    /** One more interval of traffic; returns the counts since the start. */
    List<TenantCounts> step() {
        List<TenantCounts> counts = new ArrayList<>();
        for (var e : armOf.entrySet()) {
            String tenant = e.getKey();
            String arm = e.getValue();
            double scale = trafficScale.getOrDefault(arm, 1.0);
            int n = (int) Math.round(scale * lookupsPerTenantInterval * (0.75 + 0.5 * random.nextDouble()));
            double p = Math.min(1, baseRatio.get(tenant) + effect.getOrDefault(arm, 0.0));
            long hits = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < p) {
                    hits++;
                }
            }
            long[] t = totals.get(tenant);
            t[0] += hits;
            t[1] += n;
            counts.add(new TenantCounts(tenant, arm, t[0], t[1]));
        }
        return counts;
    }
}
