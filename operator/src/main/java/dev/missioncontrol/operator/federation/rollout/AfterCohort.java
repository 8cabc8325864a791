package dev.missioncontrol.operator.federation.rollout;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortSpec;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cohort named in spec.after, as far as this cohort can see: whether it exists, its phase, and whether following
 * spec.after from this cohort comes back to it (a cycle: no cohort in it can ever start). Pure: the lookup is the
 * informer's cache.
 */
public record AfterCohort(String name, boolean exists, Optional<RolloutPhase> phase, List<String> cycle) {

    /** No spec.after: nothing to wait for. */
    public static final AfterCohort NONE = new AfterCohort(null, false, Optional.empty(), List.of());

    /** Longest chain followed: far more cohorts than a namespace orders, and a bound on a chain we cannot see the end of. */
    static final int MAX_CHAIN = 100;

    public static AfterCohort of(FederationCohort cohort, Function<String, Optional<FederationCohort>> lookup) {
        String after = cohort.getSpec().getAfter();
        if (after == null) {
            return NONE;
        }
        var followed = lookup.apply(after);
        return new AfterCohort(after, followed.isPresent(),
                followed.map(FederationCohort::getStatus).map(FederationCohortStatus::getPhase),
                cycle(cohort.getMetadata().getName(), after, name -> lookup.apply(name).map(c -> c.getSpec().getAfter())));
    }

    /**
     * All that following spec.after reads of a cohort: its identity, spec.after and status.phase. The cache of the
     * cohorts other cohorts follow keeps only this (about a tenth of a cohort); nothing else may read that cache.
     */
    public static FederationCohort projection(FederationCohort cohort) {
        var meta = cohort.getMetadata();
        var kept = new FederationCohort();
        kept.setMetadata(new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).withGeneration(meta.getGeneration())
                .withDeletionTimestamp(meta.getDeletionTimestamp()).build());
        var spec = new FederationCohortSpec();
        spec.setAfter(cohort.getSpec() == null ? null : cohort.getSpec().getAfter());
        kept.setSpec(spec);
        FederationCohortStatus status = null;
        if (cohort.getStatus() != null) {
            status = new FederationCohortStatus();
            status.setPhase(cohort.getStatus().getPhase());
        }
        kept.setStatus(status);
        return kept;
    }

    /** The cycle through {@code start} (start, …, start) when following spec.after from it returns to it; else empty. */
    public static List<String> cycle(String start, String after, Function<String, Optional<String>> afterOf) {
        List<String> path = new ArrayList<>(List.of(start));
        String at = after;
        while (at != null && path.size() <= MAX_CHAIN) {
            path.add(at);
            if (at.equals(start)) {
                return List.copyOf(path);
            }
            if (path.subList(0, path.size() - 1).contains(at)) {
                return List.of(); // a cycle further on that does not pass through this cohort: theirs to report
            }
            at = afterOf.apply(at).orElse(null);
        }
        return List.of();
    }

    /** Whether {@code changed} is on the spec.after chain from {@code cohort}: its change may change what the cohort reports. */
    public static boolean onChain(FederationCohort cohort, String changed, Function<String, Optional<String>> afterOf) {
        String at = cohort.getSpec().getAfter();
        for (int i = 0; at != null && i < MAX_CHAIN; i++) {
            if (at.equals(changed)) {
                return true;
            }
            if (at.equals(cohort.getMetadata().getName())) {
                return false;
            }
            at = afterOf.apply(at).orElse(null);
        }
        return false;
    }

    public boolean inCycle() {
        return !cycle.isEmpty();
    }

    /** The condition's message: what is wrong with spec.after and what to do; empty when nothing is. */
    public Optional<String> problem(String namespace) {
        if (inCycle()) {
            return Optional.of("spec.after forms a cycle: " + String.join(" → ", cycle) + "; no cohort in it can ever start. "
                    + "Remove spec.after from one of them.");
        }
        if (name != null && !exists) {
            return Optional.of("spec.after names FederationCohort " + name + ", which does not exist in namespace " + namespace
                    + ": create it, or correct spec.after. This cohort waits until it exists and is Promoted.");
        }
        return Optional.empty();
    }
}
