package dev.missioncontrol.operator.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** spec.after as the cohort can see it: a missing cohort and a cycle are named, with what to do. */
@Tag("unit")
class AfterCohortTest {

    final Map<String, FederationCohort> cohorts = new HashMap<>();

    FederationCohort add(String name, String after) {
        var c = FederationCohorts.cohort("ns", name, List.of("acme"));
        c.getSpec().setAfter(after);
        cohorts.put(name, c);
        return c;
    }

    AfterCohort of(String name) {
        return AfterCohort.of(cohorts.get(name), n -> Optional.ofNullable(cohorts.get(n)));
    }

    @Test
    void aCycleIsNamedFromEveryCohortInIt() {
        add("a", "b");
        add("b", "c");
        add("c", "a");
        assertThat(of("a").cycle()).containsExactly("a", "b", "c", "a");
        assertThat(of("b").problem("ns")).get().asString().contains("b → c → a → b", "Remove spec.after from one of them");
        // Outside the cycle, following it: waits, but the cycle is not its own to report.
        add("d", "a");
        assertThat(of("d").inCycle()).isFalse();
        assertThat(of("d").problem("ns")).isEmpty();
    }

    @Test
    void theMessageFollowsTheOtherCohortComingAndGoing() {
        add("a", "b");
        assertThat(of("a").problem("ns")).get().asString().contains("FederationCohort b, which does not exist in namespace ns");
        add("b", "a");
        assertThat(of("a").problem("ns")).get().asString().contains("a → b → a");
        cohorts.get("b").getSpec().setAfter(null);
        assertThat(of("a").problem("ns")).isEmpty();
        assertThat(of("b")).isEqualTo(AfterCohort.NONE);
    }

    @Test
    void theProjectionTheAfterCohortsCacheKeepsAnswersExactlyAsTheWholeCohortDoes() {
        add("a", "b");
        add("b", "c");
        add("c", "a");
        var d = add("d", "a");
        d.getMetadata().setResourceVersion("42");
        d.getMetadata().setUid("uid-d");
        d.getMetadata().setGeneration(3L);
        var status = new dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus();
        status.setPhase(RolloutPhase.Promoted);
        status.setObservedGeneration(3L);
        d.setStatus(status);
        Map<String, FederationCohort> projected = new HashMap<>();
        cohorts.forEach((name, c) -> projected.put(name, AfterCohort.projection(c)));
        add("e", "d");
        for (String name : List.of("a", "b", "c", "e")) {
            assertThat(AfterCohort.of(cohorts.get(name), n -> Optional.ofNullable(projected.get(n))))
                    .as("%s, following projections", name).isEqualTo(of(name));
        }

        var kept = projected.get("d");
        assertThat(kept.getMetadata()).satisfies(m -> {
            assertThat(m.getName()).isEqualTo("d");
            assertThat(m.getNamespace()).isEqualTo("ns");
            assertThat(m.getResourceVersion()).isEqualTo("42");
            assertThat(m.getUid()).isEqualTo("uid-d");
            assertThat(m.getGeneration()).isEqualTo(3L);
            assertThat(m.getLabels()).isNullOrEmpty();
            assertThat(m.getManagedFields()).isNullOrEmpty();
        });
        assertThat(kept.getSpec().getAfter()).isEqualTo("a");
        assertThat(kept.getSpec().getTenants()).as("nothing else of the spec").isNullOrEmpty();
        assertThat(kept.getStatus().getPhase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(kept.getStatus().getObservedGeneration()).as("nothing else of the status").isNull();
        var fresh = FederationCohorts.cohort("ns", "fresh", List.of("acme"));
        fresh.setStatus(null);
        assertThat(AfterCohort.projection(fresh).getStatus()).as("a cohort with no status yet").isNull();
    }

    @Test
    void aSelfReferenceIsACycleOfOne() {
        add("a", "a");
        assertThat(of("a").cycle()).containsExactly("a", "a");
    }

    @Test
    void aChangeWakesEveryCohortWhoseChainPassesThroughIt() {
        add("a", "b");
        add("b", "c");
        add("x", null);
        java.util.function.Function<String, Optional<String>> afterOf = n -> Optional.ofNullable(cohorts.get(n)).map(c -> c.getSpec().getAfter());
        assertThat(AfterCohort.onChain(cohorts.get("a"), "c", afterOf)).isTrue();
        assertThat(AfterCohort.onChain(cohorts.get("b"), "c", afterOf)).isTrue();
        assertThat(AfterCohort.onChain(cohorts.get("x"), "c", afterOf)).isFalse();
        assertThat(AfterCohort.onChain(cohorts.get("a"), "x", afterOf)).isFalse();
    }
}
