package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant may be in one CacheWarmExperiment at a time: two experiments that assign the same tenant would route it by
 * two flags, warm its cache for one arm while the other counts it in its control, and both comparisons would be wrong.
 * The API server cannot judge this (a CEL rule sees one object, and the chart has no webhook), so the operator does,
 * from its cache of every experiment it watches: of two undecided experiments sharing a tenant, the one that started
 * first keeps it (then the earlier creationTimestamp, then namespace and name), and the other starts nothing until the
 * first is decided or deleted. Pure: no I/O.
 */
public final class TenantConflicts {

    public static final String REASON = "TenantInAnotherExperiment";

    /** The experiment holding tenants this one wants: which tenants, and who holds them. */
    public record Conflict(List<String> tenants, String namespace, String name) {

        public String message() {
            return "tenant" + (tenants.size() == 1 ? " " : "s ") + String.join(", ", tenants) + (tenants.size() == 1 ? " is" : " are")
                    + " also in CacheWarmExperiment " + namespace + "/" + name + ", which came first and is not decided: a tenant may be in "
                    + "one experiment at a time. Nothing is started (no assignment, flags or warmers); this experiment starts by itself "
                    + "once " + namespace + "/" + name + " is decided or deleted, or delete it and create it without "
                    + (tenants.size() == 1 ? "that tenant" : "those tenants");
        }
    }

    private TenantConflicts() {
    }

    /** The first experiment ahead of {@code experiment} that holds one of its tenants, if any (none once it is decided). */
    public static Optional<Conflict> of(CacheWarmExperiment experiment, Collection<CacheWarmExperiment> all) {
        if (!holds(experiment)) {
            return Optional.empty();
        }
        List<String> wanted = experiment.getSpec().getTenants();
        return all.stream()
                .filter(other -> !same(other, experiment) && holds(other) && ORDER.compare(other, experiment) < 0)
                .sorted(ORDER)
                .map(other -> new Conflict(other.getSpec().getTenants().stream().filter(wanted::contains).sorted().toList(),
                        other.getMetadata().getNamespace(), other.getMetadata().getName()))
                .filter(c -> !c.tenants().isEmpty())
                .findFirst();
    }

    /** An experiment holds its tenants while it is undecided and not being deleted. */
    static boolean holds(CacheWarmExperiment e) {
        if (e.getMetadata().getDeletionTimestamp() != null || e.getSpec() == null || e.getSpec().getTenants() == null) {
            return false;
        }
        var s = e.getStatus();
        return s == null || s.getDecision() == null || s.getDecision() == ExperimentDecision.Running;
    }

    static boolean started(CacheWarmExperiment e) {
        return e.getStatus() != null && e.getStatus().getStartedAt() != null;
    }

    /** Who keeps a shared tenant: one that started (assigned it) first, then by creationTimestamp, namespace, name. */
    static final Comparator<CacheWarmExperiment> ORDER = Comparator
            .comparing((CacheWarmExperiment e) -> started(e) ? 0 : 1)
            .thenComparing(e -> started(e) ? e.getStatus().getStartedAt() : "", TenantConflicts::compareTimes)
            .thenComparing(e -> Objects.toString(e.getMetadata().getCreationTimestamp(), ""), TenantConflicts::compareTimes)
            .thenComparing(e -> Objects.toString(e.getMetadata().getNamespace(), ""))
            .thenComparing(e -> e.getMetadata().getName());

    /** RFC 3339 times compared as instants (an absent one last). */
    private static int compareTimes(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        return java.time.Instant.parse(a).compareTo(java.time.Instant.parse(b));
    }

    private static boolean same(CacheWarmExperiment a, CacheWarmExperiment b) {
        return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
                && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
    }
}
