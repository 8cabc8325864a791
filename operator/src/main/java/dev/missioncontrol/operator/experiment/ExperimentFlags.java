package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.experiment.FractionalAssignment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Arm;
import dev.missioncontrol.operator.flags.FlagdDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment's flag: one string flag whose variants are the arms, assigned by flagd's fractional rule on the flag
 * key and the tenant; once a winner is promoted (spec.promoteWinner), the winner for everyone.
 */
public final class ExperimentFlags {

    private ExperimentFlags() {
    }

    /** The flag the search service evaluates, with the context attribute tenant, to know a tenant's arm. */
    public static String flagKey(CacheWarmExperiment experiment) {
        return "cache-warmer." + experiment.getMetadata().getName();
    }

    /** The arms' weights in the spec's order: the order of the fractional rule, which the bucketing depends on. */
    public static Map<String, Integer> weights(List<Arm> arms) {
        Map<String, Integer> w = new LinkedHashMap<>();
        arms.forEach(a -> w.put(a.getName(), a.getWeight()));
        return w;
    }

    public static String control(List<Arm> arms) {
        return arms.stream().filter(Arm::control).map(Arm::getName).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no control arm: the CRD requires exactly one"));
    }

    /** The document: the fractional assignment, or the promoted winner for every tenant. */
    public static FlagdDocument document(String flagKey, List<Arm> arms, String promotedWinner) {
        Map<String, Integer> weights = weights(arms);
        if (promotedWinner != null) {
            return FlagdDocument.create().stringForEveryone(flagKey, List.copyOf(weights.keySet()), promotedWinner);
        }
        return FlagdDocument.create().fractionalByTenant(flagKey, weights, control(arms));
    }

    /** The assignment the document's fractional rule gives, computed as flagd computes it (recorded at the start). */
    public static Map<String, String> assignment(String flagKey, List<String> tenants, List<Arm> arms) {
        return FractionalAssignment.assignAll(flagKey, tenants,
                arms.stream().map(a -> new FractionalAssignment.Weighted(a.getName(), a.getWeight())).toList());
    }
}
