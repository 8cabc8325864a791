package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a review's status says now, from its latest verified run, the sign-offs and the clock: the decided rows, the rows
 * that became gaps when the sign-off window ended (never revoked automatically), the revoke decisions and whether a later
 * run still finds them, and what each sign-off recorded. Pure: no I/O.
 */
public final class AccessReviewPlanner {

    static final int MAX_LISTED = 100;
    static final int MAX_DISCREPANCIES = 50;

    private AccessReviewPlanner() {
    }

    /** What a sign-off recorded, or the field that keeps it from being recorded. */
    public record SignOffOutcome(int recorded, String reason, String message) {
        public boolean ok() {
            return reason == null;
        }
    }

    /**
     * @param incomplete whether rows are gaps (ReviewIncomplete), with its reason and message
     * @param requeue when to look again without an event: the window's end, or the next day of a gap's age
     */
    public record Plan(AccessReviewStatus status, boolean incomplete, String incompleteReason, String incompleteMessage,
            Map<String, SignOffOutcome> signOffs, Optional<Duration> requeue) {
    }

    public static Plan plan(AccessReview review, Optional<ReviewRun> latest, Optional<String> previousRun, List<SignOffRecord> signOffs,
            Instant now) {
        var status = new AccessReviewStatus();
        var previous = review.getStatus();
        status.setPreviousRun(previousRun.orElse(null));
        Map<String, SignOffOutcome> outcomes = new LinkedHashMap<>();
        // A sign-off older than the review was admitted before the review existed, so the admission policy never checked its
        // user, reviewer or run against this review (it can only check a review it finds): never recorded.
        String reviewCreated = review.getMetadata().getCreationTimestamp();
        List<SignOffRecord> admitted = new ArrayList<>();
        for (SignOffRecord s : signOffs) {
            if (reviewCreated != null && s.createdAt() != null && Instant.parse(s.createdAt()).isBefore(Instant.parse(reviewCreated))) {
                outcomes.put(s.name(), new SignOffOutcome(0, CREATED_BEFORE_REVIEW, "metadata.creationTimestamp " + s.createdAt()
                        + " is before AccessReview " + review.getMetadata().getName() + " was created (" + reviewCreated + "): the admission "
                        + "policy could not check this sign-off's reviewer and run against spec.review, so it is never recorded; a listed "
                        + "reviewer signs off again with a new AccessReviewSignOff"));
            } else {
                admitted.add(s);
            }
        }
        signOffs = admitted;
        if (latest.isEmpty()) {
            signOffs.forEach(s -> outcomes.put(s.name(), new SignOffOutcome(0, "RunNotFound",
                    "spec.run: AccessReview " + review.getMetadata().getName() + " has no run " + s.run() + " yet")));
            return new Plan(status, false, "NoRun", "No run has been exported yet.", outcomes, Optional.empty());
        }
        ReviewRun run = latest.get();
        Instant exported = Instant.parse(run.exportedAt());
        Instant deadline = exported.plus(review.getSpec().signOffWindow());
        boolean windowOver = !now.isBefore(deadline);
        Map<String, ReviewRun.Row> rows = new LinkedHashMap<>();
        if (run.rows() != null) {
            run.rows().forEach(r -> rows.put(r.id(), r));
        }

        // decisions of this run, the later sign-off's winning on a row decided twice
        Map<String, Decided> decided = new HashMap<>();
        List<SignOffRecord> ordered = signOffs.stream()
                .sorted(Comparator.comparing(SignOffRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(SignOffRecord::name))
                .toList();
        List<String> recordedNames = new ArrayList<>();
        for (SignOffRecord s : ordered) {
            if (!run.id().equals(s.run())) {
                outcomes.put(s.name(), new SignOffOutcome(0, "RunClosed", "spec.run: run " + s.run() + " is not the open run of AccessReview "
                        + review.getMetadata().getName() + " (the open run is " + run.id() + "); its decisions are not recorded"));
                continue;
            }
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < s.decisions().size(); i++) {
                var d = s.decisions().get(i);
                if (run.rows() != null && !rows.containsKey(d.row())) {
                    unknown.add("spec.decisions[" + i + "].row " + d.row());
                }
            }
            if (!unknown.isEmpty()) {
                outcomes.put(s.name(), new SignOffOutcome(0, "RowNotFound", String.join(", ", unknown) + ": not a row of run " + run.id()
                        + " (see its matrix.csv); nothing of this sign-off is recorded"));
                continue;
            }
            s.decisions().forEach(d -> decided.put(d.row(), new Decided(d.decision(), s.reviewer(), s.name())));
            recordedNames.add(s.name());
            outcomes.put(s.name(), new SignOffOutcome(s.decisions().size(), null, null));
        }

        long total = run.count("rows");
        long decidedCount = run.rows() == null ? decided.size() : decided.keySet().stream().filter(rows::containsKey).count();
        status.setRun(new AccessReviewStatus.Run(run.id(), run.exportedAt(), deadline.toString(), true, total, run.count("riskyRows"),
                run.count("staleRows"), run.count("newRows"), run.count("removedRows"), decidedCount, run.statementSha256(), run.index()));
        status.setDiscrepancyCount(run.count("discrepancies"));
        status.setDiscrepancies(run.discrepancies().stream().limit(MAX_DISCREPANCIES)
                .map(d -> new AccessReviewStatus.Discrepancy(d.type(), d.row(), d.subject(), d.verb(), d.resource(), d.namespace())).toList());
        status.setSignOffs(recordedNames.stream().limit(MAX_LISTED).toList());

        // gaps: rows without a decision once the window is over; age in whole days so status changes once a day at most
        long gapCount = windowOver ? total - decidedCount : 0;
        List<AccessReviewStatus.Gap> gaps = new ArrayList<>();
        long days = Duration.between(deadline, now).toDays();
        if (windowOver && run.rows() != null) {
            rows.values().stream().filter(r -> !decided.containsKey(r.id())).limit(MAX_LISTED)
                    .forEach(r -> gaps.add(new AccessReviewStatus.Gap(r.id(), r.namespace().isEmpty() ? "cluster" : r.namespace(), r.access(),
                            deadline.toString(), days + "d")));
        }
        status.setGapCount(gapCount);
        status.setGaps(gaps);

        // revoke decisions: this run's are pending while the row is in it; an earlier run's are done once this run lacks the row
        List<AccessReviewStatus.Revocation> revocations = new ArrayList<>();
        Set<String> here = rows.keySet();
        if (previous != null && previous.getRevocations() != null) {
            previous.getRevocations().stream().filter(r -> !run.id().equals(r.run()))
                    .forEach(r -> revocations.add(new AccessReviewStatus.Revocation(r.row(), r.run(), r.reviewer(),
                            run.rows() == null || here.contains(r.row()) ? PENDING : DONE)));
        }
        decided.entrySet().stream().filter(e -> e.getValue().action() == AccessReviewSignOffSpec.Action.revoke).sorted(Map.Entry.comparingByKey())
                .forEach(e -> revocations.add(new AccessReviewStatus.Revocation(e.getKey(), run.id(), e.getValue().reviewer(), PENDING)));
        status.setRevocations(revocations.stream().skip(Math.max(0, revocations.size() - MAX_LISTED)).collect(Collectors.toList()));

        String incompleteReason;
        String incompleteMessage;
        if (gapCount > 0) {
            incompleteReason = "RowsUndecided";
            incompleteMessage = gapCount + " of " + total + " rows of run " + run.id() + " had no decision when the sign-off window ended at "
                    + deadline + " (status.gaps); reviewers " + String.join(", ", review.getSpec().getReviewers())
                    + " decide them with an AccessReviewSignOff";
        } else if (!windowOver) {
            incompleteReason = "WindowOpen";
            incompleteMessage = decidedCount + " of " + total + " rows of run " + run.id() + " decided; the sign-off window ends at " + deadline;
        } else {
            incompleteReason = "SignedOff";
            incompleteMessage = "Every row of run " + run.id() + " has a decision.";
        }
        Optional<Duration> requeue = !windowOver ? Optional.of(Duration.between(now, deadline).plusMillis(100))
                : gapCount > 0 ? Optional.of(Duration.between(now, deadline.plus(Duration.ofDays(days + 1))).plusMillis(100)) : Optional.empty();
        return new Plan(status, gapCount > 0, incompleteReason, incompleteMessage, outcomes, requeue);
    }

    public static final String PENDING = "Pending";
    /** A sign-off created before its review: not checked by the admission policy against it, never recorded. */
    public static final String CREATED_BEFORE_REVIEW = "CreatedBeforeReview";
    public static final String DONE = "Done";

    private record Decided(AccessReviewSignOffSpec.Action action, String reviewer, String signOff) {
    }
}
