package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec.Action;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec.Decision;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AccessReviewPlannerTest {

    static final Instant EXPORTED = Instant.parse("2026-11-30T10:00:00Z");
    static final String A = "aaaaaaaaaaaaaaaa";
    static final String B = "bbbbbbbbbbbbbbbb";
    static final String C = "cccccccccccccccc";
    static final ScopeCheck.NamespaceVerdict MATCHES = new ScopeCheck.NamespaceVerdict(null, null, List.of());

    static AccessReview review(String window) {
        var r = new AccessReview();
        r.getMetadata().setNamespace("gov");
        r.getMetadata().setName("quarterly");
        r.getMetadata().setGeneration(1L);
        var spec = new AccessReviewSpec();
        spec.setReviewers(List.of("rita"));
        spec.setSignOffWindow(window);
        r.setSpec(spec);
        return r;
    }

    static ReviewRun run(String id, String... rows) {
        var predicate = new ObjectMapper().valueToTree(Map.of("run", id, "generatedAt", EXPORTED.toString(), "rows", rows.length, "riskyRows", 1,
                "staleRows", 0, "discrepancies", 1, "newRows", 0, "removedRows", 0));
        return new ReviewRun(id, EXPORTED.toString(), predicate, "ff", "idx-" + id,
                java.util.Arrays.stream(rows).map(r -> new ReviewRun.Row(r, "tenant-a", "User:x get core/secrets")).toList(),
                List.of(new ReviewRun.Discrepancy("AllowedNotWalked", "dddddddddddddddd", "User:carol", "get", "core/configmaps", "tenant-a")));
    }

    static SignOffRecord signOff(String name, String run, String createdAt, Decision... d) {
        return new SignOffRecord(name, "rita", run, List.of(d), createdAt, 1);
    }

    static Decision keep(String row) {
        return new Decision(row, Action.keep, null);
    }

    @Test
    void beforeTheWindowEndsUndecidedRowsAreNoGapsAndTheOperatorWakesAtItsEnd() {
        var plan = AccessReviewPlanner.plan(review("20s"), Optional.of(run("r1", A, B, C)), Optional.empty(),
                List.of(signOff("s1", "r1", "2026-11-30T10:00:05Z", keep(A))), EXPORTED.plusSeconds(10));
        assertThat(plan.incomplete()).isFalse();
        assertThat(plan.incompleteReason()).isEqualTo("WindowOpen");
        assertThat(plan.status().getGapCount()).isZero();
        assertThat(plan.status().getRun().decided()).isEqualTo(1);
        assertThat(plan.status().getRun().open()).isTrue();
        assertThat(plan.status().getRun().signOffDeadline()).isEqualTo("2026-11-30T10:00:20Z");
        assertThat(plan.requeue()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11)));
    }

    @Test
    void whenTheWindowEndsTwoUnsignedRowsBecomeGapsAndSigningOneLeavesOne() {
        var review = review("20s");
        Instant after = EXPORTED.plusSeconds(30);
        var signed = List.of(signOff("s1", "r1", "2026-11-30T10:00:05Z", keep(A)));
        var plan = AccessReviewPlanner.plan(review, Optional.of(run("r1", A, B, C)), Optional.empty(), signed, after);
        assertThat(plan.incomplete()).isTrue();
        assertThat(plan.incompleteReason()).isEqualTo("RowsUndecided");
        assertThat(plan.status().getGapCount()).isEqualTo(2);
        assertThat(plan.status().getGaps()).extracting(AccessReviewStatus.Gap::row).containsExactly(B, C);
        assertThat(plan.status().getGaps()).allSatisfy(g -> {
            assertThat(g.owner()).isEqualTo("tenant-a");
            assertThat(g.since()).isEqualTo("2026-11-30T10:00:20Z");
            assertThat(g.age()).isEqualTo("0d");
        });

        var later = List.of(signed.get(0), signOff("s2", "r1", "2026-11-30T10:00:40Z", new Decision(B, Action.justify, "break-glass")));
        var next = AccessReviewPlanner.plan(review, Optional.of(run("r1", A, B, C)), Optional.empty(), later, after.plusSeconds(20));
        assertThat(next.status().getGapCount()).isEqualTo(1);
        assertThat(next.status().getGaps()).extracting(AccessReviewStatus.Gap::row).containsExactly(C);
        assertThat(next.status().getSignOffs()).containsExactly("s1", "s2");

        var status = AccessReviewStatusAggregator.build(review, next, "access-review-x", List.of(), List.of(), MATCHES, Optional.empty(), AlertRules.IN_CONFIG_MAP,
                Clock.fixed(after, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), AccessReviewStatusAggregator.REVIEW_INCOMPLETE)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).startsWith("1 of 3 rows of run r1 had no decision");
        });
        assertThat(Conditions.find(status.getConditions(), AccessReviewStatusAggregator.DISCREPANCIES))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isTrue();
    }

    @Test
    void signOffsNamingAnotherRunOrUnknownRowsAreNotRecordedAndSayWhichField() {
        var plan = AccessReviewPlanner.plan(review("1h"), Optional.of(run("r2", A, B)), Optional.of("r1"), List.of(
                signOff("old", "r1", "2026-11-30T10:00:01Z", keep(A)),
                signOff("typo", "r2", "2026-11-30T10:00:02Z", keep(A), keep(C))), EXPORTED.plusSeconds(1));
        assertThat(plan.signOffs().get("old")).satisfies(o -> {
            assertThat(o.reason()).isEqualTo("RunClosed");
            assertThat(o.message()).startsWith("spec.run: run r1 is not the open run");
        });
        assertThat(plan.signOffs().get("typo")).satisfies(o -> {
            assertThat(o.reason()).isEqualTo("RowNotFound");
            assertThat(o.message()).startsWith("spec.decisions[1].row " + C + ": not a row of run r2");
        });
        assertThat(plan.status().getRun().decided()).isZero();
        assertThat(plan.status().getPreviousRun()).isEqualTo("r1");
    }

    @Test
    void aSignOffCreatedBeforeItsReviewIsNeverRecordedEvenNamingTheOpenRunAndItsRows() {
        // the admission policy checks a sign-off against the review it names only if that review exists: one created before
        // (a typo'd or future review name, or between a review's deletion and its re-creation) was never checked
        var review = review("1h");
        review.getMetadata().setCreationTimestamp("2026-11-30T09:00:00Z");
        var plan = AccessReviewPlanner.plan(review, Optional.of(run("r1", A, B)), Optional.empty(), List.of(
                signOff("early", "r1", "2026-11-30T08:59:59Z", keep(A)),
                signOff("same-second", "r1", "2026-11-30T09:00:00Z", keep(B))), EXPORTED.plusSeconds(1));
        assertThat(plan.signOffs().get("early")).satisfies(o -> {
            assertThat(o.reason()).isEqualTo("CreatedBeforeReview");
            assertThat(o.message()).startsWith("metadata.creationTimestamp 2026-11-30T08:59:59Z is before AccessReview quarterly was created");
        });
        assertThat(plan.signOffs().get("same-second").ok()).isTrue();
        assertThat(plan.status().getRun().decided()).isEqualTo(1);
        assertThat(plan.status().getSignOffs()).containsExactly("same-second");
    }

    @Test
    void revokeDecisionsStayPendingWhileTheRowIsGrantedAndAreDoneOnceALaterRunLacksIt() {
        var review = review("1h");
        var first = AccessReviewPlanner.plan(review, Optional.of(run("r1", A, B)), Optional.empty(),
                List.of(signOff("s1", "r1", "2026-11-30T10:00:01Z", new Decision(A, Action.revoke, null), keep(B))), EXPORTED.plusSeconds(5));
        assertThat(first.status().getRevocations()).singleElement().satisfies(r -> {
            assertThat(r.row()).isEqualTo(A);
            assertThat(r.state()).isEqualTo(AccessReviewPlanner.PENDING);
        });
        review.setStatus(first.status());
        var second = AccessReviewPlanner.plan(review, Optional.of(run("r2", B)), Optional.of("r1"), List.of(), EXPORTED.plusSeconds(5));
        assertThat(second.status().getRevocations()).singleElement().satisfies(r -> {
            assertThat(r.row()).isEqualTo(A);
            assertThat(r.run()).isEqualTo("r1");
            assertThat(r.state()).isEqualTo(AccessReviewPlanner.DONE);
        });
    }

    @Test
    void aResourceTheApiServerDoesNotServeIsNamedAndStallsTheReview() {
        var served = java.util.Set.of("/configmaps", "/secrets", "/pods/exec", "apps/deployments");
        assertThat(ScopeCheck.unserved(List.of("core/configmaps", "core/pods/exec", "apps/deploymentz", "core/pods/shell"), served))
                .containsExactly("spec.resources[2] apps/deploymentz", "spec.resources[3] core/pods/shell");
        var review = review("1h");
        var plan = AccessReviewPlanner.plan(review, Optional.empty(), Optional.empty(), List.of(), EXPORTED);
        var status = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of("spec.resources[2] apps/deploymentz"),
                MATCHES, Optional.empty(), AlertRules.IN_CONFIG_MAP, Clock.fixed(EXPORTED, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), AccessReviewStatusAggregator.SCOPE_VALID)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).startsWith("spec.resources[2] apps/deploymentz: the API server serves no such resource");
        });
        assertThat(Conditions.isTrue(status.getConditions(), "Stalled")).isTrue();
    }

    @Test
    void withoutARunNothingIsIncompleteAndReadyWaitsForTheExport() {
        var review = review("1h");
        var plan = AccessReviewPlanner.plan(review, Optional.empty(), Optional.empty(), List.of(), EXPORTED);
        var status = AccessReviewStatusAggregator.build(review, plan, "p", List.of(), List.of(), MATCHES, Optional.empty(), AlertRules.IN_CONFIG_MAP, Clock.fixed(EXPORTED, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AwaitingExport"));
        assertThat(Conditions.isTrue(status.getConditions(), AccessReviewStatusAggregator.REVIEW_INCOMPLETE)).isFalse();
    }
}
