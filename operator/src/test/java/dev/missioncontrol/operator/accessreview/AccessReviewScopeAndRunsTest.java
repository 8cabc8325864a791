package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a review's scope matches (ScopeValid) and how its recurrence runs went (LastRunSucceeded), without a cluster. */
@Tag("unit")
class AccessReviewScopeAndRunsTest {

    static AccessReviewSpec.Scope names(String... names) {
        var scope = new AccessReviewSpec.Scope();
        scope.setNamespaces(List.of(names));
        return scope;
    }

    static AccessReviewSpec.Scope selector(String selector) {
        var scope = new AccessReviewSpec.Scope();
        scope.setSelector(selector);
        return scope;
    }

    static final ScopeCheck.SelectorLookup NONE = s -> false;
    static final ScopeCheck.SelectorLookup ANY = s -> true;

    @Test
    void aScopeThatMatchesNoNamespaceNamesTheFieldAndWhatToFix() {
        var listed = ScopeCheck.namespaces(names("ghost-a", "ghost-b"), Set.of("other")::contains, ANY);
        assertThat(listed.matches()).isFalse();
        assertThat(listed.reason()).isEqualTo("ScopeMatchesNothing");
        assertThat(listed.message()).startsWith("spec.scope.namespaces: none of the listed namespaces exists (ghost-a, ghost-b)")
                .contains("Create them");

        var selected = ScopeCheck.namespaces(selector("team=nobody"), n -> true, NONE);
        assertThat(selected.reason()).isEqualTo("ScopeMatchesNothing");
        assertThat(selected.message()).startsWith("spec.scope.selector 'team=nobody' matches no namespace").contains("fix spec.scope.selector");

        var byDefault = ScopeCheck.namespaces(new AccessReviewSpec.Scope(), n -> true, s -> {
            assertThat(s).isEqualTo(AccessReviewSpec.Scope.DEFAULT_SELECTOR);
            return false;
        });
        assertThat(byDefault.message()).startsWith("spec.scope.selector (not set: the default missioncontrol.dev/tenant, the tenants' namespaces) "
                + "matches no namespace");

        var invalid = ScopeCheck.namespaces(selector("team in prod"), n -> true, s -> {
            throw new IllegalArgumentException("unable to parse requirement");
        });
        assertThat(invalid.reason()).isEqualTo("InvalidSelector");
        assertThat(invalid.message()).startsWith("spec.scope.selector 'team in prod' is not a valid label selector (unable to parse requirement)");
    }

    @Test
    void aScopeMatchingOneNamespaceIsValidAndNamesTheListedOnesThatAreMissing() {
        var some = ScopeCheck.namespaces(names("acme", "acmee"), Set.of("acme")::contains, NONE);
        assertThat(some.matches()).isTrue();
        assertThat(some.missing()).containsExactly("acmee");
        assertThat(ScopeCheck.namespaces(selector("team=search"), n -> false, ANY).matches()).isTrue();

        // which namespace events concern a review: a listed name, or any namespace for a selector
        assertThat(ScopeCheck.concerns(names("acme"), "acme")).isTrue();
        assertThat(ScopeCheck.concerns(names("acme"), "other")).isFalse();
        assertThat(ScopeCheck.concerns(selector("team=search"), "other")).isTrue();
        assertThat(ScopeCheck.concerns(new AccessReviewSpec.Scope(), "other")).isTrue();
    }

    @Test
    void aScopeMatchingNothingStallsTheReviewEvenWithARecordedRun() {
        var review = AccessReviewPlannerTest.review("1h");
        var plan = AccessReviewPlanner.plan(review, Optional.of(AccessReviewPlannerTest.run("r1", AccessReviewPlannerTest.A)), Optional.empty(),
                List.of(), AccessReviewPlannerTest.EXPORTED);
        var nothing = ScopeCheck.namespaces(names("ghost"), n -> false, NONE);
        var status = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of(), nothing, Optional.empty(), AlertRules.IN_CONFIG_MAP,
                Clock.fixed(AccessReviewPlannerTest.EXPORTED, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), AccessReviewStatusAggregator.SCOPE_VALID)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ScopeMatchesNothing");
            assertThat(c.getMessage()).startsWith("spec.scope.namespaces: none of the listed namespaces exists (ghost)");
        });
        assertThat(Conditions.find(status.getConditions(), "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ScopeMatchesNothing");
        });
        assertThat(Conditions.isTrue(status.getConditions(), "Stalled")).isTrue();

        // the namespace appears: valid again, and Ready with the run
        var found = ScopeCheck.namespaces(names("ghost"), n -> true, NONE);
        review.setStatus(status);
        var after = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of(), found, Optional.empty(), AlertRules.IN_CONFIG_MAP,
                Clock.fixed(AccessReviewPlannerTest.EXPORTED, ZoneOffset.UTC));
        assertThat(Conditions.isTrue(after.getConditions(), AccessReviewStatusAggregator.SCOPE_VALID)).isTrue();
        assertThat(Conditions.isTrue(after.getConditions(), "Ready")).isTrue();
        assertThat(Conditions.find(after.getConditions(), "Stalled")).isEmpty();
    }

    static Job job(String name, String type, String at) {
        var b = new JobBuilder().withNewMetadata().withName(name).withNamespace("mc-system").withCreationTimestamp("2026-11-30T00:00:00Z")
                .endMetadata().withNewStatus();
        if (type != null) {
            b = b.addNewCondition().withType(type).withStatus("True").withLastTransitionTime(at)
                    .withReason("Failed".equals(type) ? "BackoffLimitExceeded" : null)
                    .withMessage("Failed".equals(type) ? "Job has reached the specified backoff limit" : null).endCondition();
        }
        return b.endStatus().build();
    }

    static Condition condition(String status, String message) {
        return new ConditionBuilder().withType(RecurrenceRuns.LAST_RUN_SUCCEEDED).withStatus(status).withMessage(message).build();
    }

    @Test
    void theLatestFinishedJobDecidesLastRunSucceededAndARunningOneChangesNothing() {
        assertThat(RecurrenceRuns.latestFinished(List.of(job("running", null, null)))).isEmpty();
        var failed = RecurrenceRuns.latestFinished(List.of(job("ok-1", "Complete", "2026-11-30T01:00:00Z"),
                job("bad-2", "Failed", "2026-11-30T02:00:00Z"), job("running-3", null, null))).orElseThrow();
        assertThat(failed.job()).isEqualTo("bad-2");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).startsWith("Job bad-2 (namespace mc-system) failed at 2026-11-30T02:00:00Z: BackoffLimitExceeded Job has reached")
                .contains("`kubectl logs job/bad-2 -n mc-system`");
        var later = RecurrenceRuns.latestFinished(List.of(job("bad-2", "Failed", "2026-11-30T02:00:00Z"),
                job("ok-3", "Complete", "2026-11-30T03:00:00Z"))).orElseThrow();
        assertThat(later.succeeded()).isTrue();

        // the condition: False RunFailed naming the Job; True once a later run succeeded; absent before any run finished
        var review = AccessReviewPlannerTest.review("1h");
        var plan = AccessReviewPlanner.plan(review, Optional.empty(), Optional.empty(), List.of(), AccessReviewPlannerTest.EXPORTED);
        var clock = Clock.fixed(AccessReviewPlannerTest.EXPORTED, ZoneOffset.UTC);
        var status = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of(), AccessReviewPlannerTest.MATCHES, Optional.of(failed),
                AlertRules.IN_CONFIG_MAP, clock);
        assertThat(Conditions.find(status.getConditions(), RecurrenceRuns.LAST_RUN_SUCCEEDED)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RunFailed");
            assertThat(c.getMessage()).contains("kubectl logs job/bad-2 -n mc-system");
        });
        review.setStatus(status);
        var cleared = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of(), AccessReviewPlannerTest.MATCHES, Optional.of(later),
                AlertRules.IN_CONFIG_MAP, clock);
        assertThat(Conditions.find(cleared.getConditions(), RecurrenceRuns.LAST_RUN_SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("RunSucceeded"));
        var none = AccessReviewStatusAggregator.build(AccessReviewPlannerTest.review("1h"), plan, "p", List.of(), List.of(),
                AccessReviewPlannerTest.MATCHES, Optional.empty(), AlertRules.IN_CONFIG_MAP, clock);
        assertThat(Conditions.find(none.getConditions(), RecurrenceRuns.LAST_RUN_SUCCEEDED)).isEmpty();
    }

    @Test
    void aFailureIsAnEventOnceAndItsClearingAnother() {
        var failed = RecurrenceRuns.latestFinished(List.of(job("bad-2", "Failed", "2026-11-30T02:00:00Z")));
        var ok = RecurrenceRuns.latestFinished(List.of(job("ok-3", "Complete", "2026-11-30T03:00:00Z")));
        assertThat(RecurrenceRuns.event(Optional.empty(), failed)).hasValueSatisfying(e -> {
            assertThat(e.warning()).isTrue();
            assertThat(e.reason()).isEqualTo("RunFailed");
        });
        // already reported for this Job: nothing more (an operator at rest writes nothing)
        assertThat(RecurrenceRuns.event(Optional.of(condition("False", failed.get().message())), failed)).isEmpty();
        // another Job failed: reported again (the aggregated Event counts it)
        var other = RecurrenceRuns.latestFinished(List.of(job("bad-4", "Failed", "2026-11-30T04:00:00Z")));
        assertThat(RecurrenceRuns.event(Optional.of(condition("False", failed.get().message())), other)).map(PlannedEvent::reason).hasValue("RunFailed");
        // a success after a failure: a Normal Event; after a success, nothing
        assertThat(RecurrenceRuns.event(Optional.of(condition("False", failed.get().message())), ok)).hasValueSatisfying(e -> {
            assertThat(e.warning()).isFalse();
            assertThat(e.reason()).isEqualTo("RunSucceeded");
        });
        assertThat(RecurrenceRuns.event(Optional.of(condition("True", ok.get().message())), ok)).isEmpty();
        assertThat(RecurrenceRuns.event(Optional.empty(), ok)).isEmpty();
        assertThat(RecurrenceRuns.event(Optional.empty(), Optional.empty())).isEmpty();
    }
}
