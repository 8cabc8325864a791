package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A tenant in two experiments at once: the one that came first keeps it, the other starts nothing and says why. */
@Tag("unit")
class TenantConflictsTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static CacheWarmExperiment experiment(String namespace, String name, String created, List<String> tenants) {
        var e = CacheWarmExperiments.topKAgainstControl(namespace, name, tenants, "http://127.0.0.1:9090", "http://127.0.0.1:8080/search");
        e.getMetadata().setCreationTimestamp(created);
        e.getMetadata().setGeneration(1L);
        return e;
    }

    static CacheWarmExperiment started(CacheWarmExperiment e, String at, ExperimentDecision decision) {
        var s = new CacheWarmExperimentStatus();
        s.setStartedAt(at);
        s.setDecision(decision);
        e.setStatus(s);
        return e;
    }

    @Test
    void theLaterExperimentIsBlockedNamingTheTenantAndTheOtherExperiment() {
        var first = experiment("search-demo", "warmers-v3", "2026-11-30T09:00:00Z", List.of("acme", "globex", "initech"));
        var later = experiment("ranking", "warmers-v4", "2026-11-30T09:30:00Z", List.of("umbrella", "globex", "acme"));
        var all = List.of(first, later);

        var conflict = TenantConflicts.of(later, all).orElseThrow();
        assertThat(conflict.tenants()).containsExactly("acme", "globex");
        assertThat(conflict.namespace() + "/" + conflict.name()).isEqualTo("search-demo/warmers-v3");
        assertThat(conflict.message()).contains("tenants acme, globex are also in CacheWarmExperiment search-demo/warmers-v3",
                "decided or deleted");
        assertThat(TenantConflicts.of(first, all)).as("the first keeps its tenants").isEmpty();
        assertThat(TenantConflicts.of(experiment("x", "disjoint", "2026-11-30T11:00:00Z", List.of("hooli", "stark")), all)).isEmpty();
    }

    @Test
    void createdInTheSameSecondTheNameDecides() {
        var a = experiment("search-demo", "a", "2026-11-30T09:00:00Z", List.of("acme", "globex"));
        var b = experiment("search-demo", "b", "2026-11-30T09:00:00Z", List.of("acme", "hooli"));
        assertThat(TenantConflicts.of(a, List.of(a, b))).isEmpty();
        assertThat(TenantConflicts.of(b, List.of(b, a))).map(TenantConflicts.Conflict::name).contains("a");
    }

    @Test
    void anExperimentThatStartedKeepsItsTenantsAgainstOneThatDidNot() {
        // b started (assigned acme, wrote its flags) before a, created in the same second with an earlier name, was seen
        var a = experiment("search-demo", "a", "2026-11-30T09:00:00Z", List.of("acme", "globex"));
        var b = started(experiment("search-demo", "b", "2026-11-30T09:00:00Z", List.of("acme", "hooli")), "2026-11-30T09:00:01Z",
                ExperimentDecision.Running);
        assertThat(TenantConflicts.of(b, List.of(a, b))).isEmpty();
        assertThat(TenantConflicts.of(a, List.of(a, b))).map(TenantConflicts.Conflict::name).contains("b");
    }

    @Test
    void aDecidedOrDeletedExperimentHoldsNoTenant() {
        var first = experiment("search-demo", "first", "2026-11-30T09:00:00Z", List.of("acme", "globex"));
        var later = experiment("search-demo", "later", "2026-11-30T09:30:00Z", List.of("acme"));
        assertThat(TenantConflicts.of(later, List.of(first, later))).isPresent();

        started(first, "2026-11-30T09:00:02Z", ExperimentDecision.Winner);
        assertThat(TenantConflicts.of(later, List.of(first, later))).as("decided").isEmpty();

        started(first, "2026-11-30T09:00:02Z", ExperimentDecision.Running);
        first.getMetadata().setDeletionTimestamp("2026-11-30T10:00:00Z");
        assertThat(TenantConflicts.of(later, List.of(first, later))).as("being deleted").isEmpty();

        var decidedLater = started(experiment("search-demo", "later", "2026-11-30T09:30:00Z", List.of("acme")), "2026-11-30T09:30:01Z",
                ExperimentDecision.NoDifference);
        first.getMetadata().setDeletionTimestamp(null);
        assertThat(TenantConflicts.of(decidedLater, List.of(first, decidedLater))).as("a decided experiment needs nothing").isEmpty();
    }

    @Test
    void blockedStartsNothingAndIsNotReadyWithTheReason() {
        var first = experiment("search-demo", "first", "2026-11-30T09:00:00Z", List.of("acme", "globex"));
        var later = experiment("search-demo", "later", "2026-11-30T09:30:00Z", List.of("acme", "hooli"));
        var d = ExperimentPlanner.blocked(later, TenantConflicts.of(later, List.of(first, later)).orElseThrow());
        var plan = d.next();
        assertThat(plan.status().getAssignment()).as("nothing assigned").isEmpty();
        assertThat(plan.status().getStartedAt()).isNull();
        assertThat(plan.status().getDecision()).isNull();
        assertThat(plan.decided()).isNull();
        assertThat(d.requeue()).as("looks again: the other experiment's end is not an event of this one").contains(later.getSpec().interval());
        assertThat(d.events()).singleElement().satisfies(ev -> assertThat(ev.reason()).isEqualTo("TenantInAnotherExperiment"));

        var status = CacheWarmExperimentStatusAggregator.build(later, plan, AlertRules.NONE, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(status.getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("TenantInAnotherExperiment");
            assertThat(c.getMessage()).contains("tenant acme is also in CacheWarmExperiment search-demo/first");
        });
        assertThat(status.getConditions()).anyMatch(c -> c.getType().equals("Stalled") && c.getStatus().equals("True"));
    }
}
