package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status aggregator of AccessReview: ReviewIncomplete (rows are gaps), Discrepancies (the walk and the authorizer
 * disagree), ExportVerified (an index that does not verify is named, never used), ScopeValid (resources served, namespaces
 * matched), LastRunSucceeded (the recurrence CronJob's latest finished Job) and Ready.
 */
public final class AccessReviewStatusAggregator {

    public static final String REVIEW_INCOMPLETE = "ReviewIncomplete";
    public static final String DISCREPANCIES = "Discrepancies";
    public static final String EXPORT_VERIFIED = "ExportVerified";
    public static final String SCOPE_VALID = "ScopeValid";

    private AccessReviewStatusAggregator() {
    }

    /**
     * @param rejected why run indexes of this review were not taken (empty when every one verified)
     * @param unserved the spec.resources entries the API server does not serve (ScopeCheck)
     * @param namespaces what the scope matches (ScopeCheck)
     * @param lastRun the recurrence CronJob's latest finished Job, if any
     */
    public static AccessReviewStatus build(AccessReview review, AccessReviewPlanner.Plan plan, String signingPurpose, List<String> rejected,
            List<String> unserved, ScopeCheck.NamespaceVerdict namespaces, Optional<RecurrenceRuns.Finished> lastRun, AlertRules alertRules,
            Clock clock) {
        var conditions = StatusAggregation.conditions(review, review.getStatus(), clock);
        var next = plan.status();
        next.setSigningPurpose(signingPurpose);
        if (rejected.isEmpty()) {
            conditions.set(EXPORT_VERIFIED, true, next.getRun() == null ? "NoExport" : "Verified", next.getRun() == null
                    ? "No export of this review yet." : "The run's signed Statement and files verify with the review's key ring.");
        } else {
            conditions.set(EXPORT_VERIFIED, false, "ExportNotVerified", String.join("; ", rejected)
                    + ": not used; run `mcctl access-review verify` on the export and export again");
        }
        // ScopeValid: every problem of the scope named; the first one's reason
        List<String> reasons = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!unserved.isEmpty()) {
            reasons.add("UnknownResource");
            problems.add(String.join(", ", unserved) + ": the API server serves no such resource (GROUP/RESOURCE[/SUBRESOURCE], core for the "
                    + "core group); fix spec.resources");
        }
        if (!namespaces.matches()) {
            reasons.add(namespaces.reason());
            problems.add(namespaces.message());
        }
        if (problems.isEmpty()) {
            conditions.set(SCOPE_VALID, true, "ScopeMatches", "The scope matches at least one namespace and the API server serves every "
                    + "resource in spec.resources." + (namespaces.missing().isEmpty() ? "" : " Listed in spec.scope.namespaces but missing "
                    + "(the export skips them): " + String.join(", ", namespaces.missing()) + "."));
        } else {
            conditions.set(SCOPE_VALID, false, reasons.get(0), String.join("; ", problems));
        }
        lastRun.ifPresentOrElse(run -> conditions.set(RecurrenceRuns.LAST_RUN_SUCCEEDED, run.succeeded(),
                run.succeeded() ? RecurrenceRuns.RUN_SUCCEEDED : RecurrenceRuns.RUN_FAILED, run.message()),
                () -> conditions.remove(RecurrenceRuns.LAST_RUN_SUCCEEDED));
        conditions.set(REVIEW_INCOMPLETE, plan.incomplete(), plan.incompleteReason(), plan.incompleteMessage());
        long discrepancies = next.getDiscrepancyCount() == null ? 0 : next.getDiscrepancyCount();
        if (next.getRun() == null) {
            conditions.set(DISCREPANCIES, false, "NoRun", "No run has been exported yet.");
        } else if (discrepancies > 0) {
            conditions.set(DISCREPANCIES, true, "WalkDisagrees", discrepancies + " row(s) of run " + next.getRun().id()
                    + " where the RBAC walk and the authorizer disagree (status.discrepancies): a group held only in credentials, "
                    + "or an authorizer beside RBAC; review them with the rows");
        } else {
            conditions.set(DISCREPANCIES, false, "Confirmed", "The authorizer confirmed every row of run " + next.getRun().id() + ".");
        }
        Readiness readiness;
        if (!problems.isEmpty()) {
            readiness = Readiness.stalled(reasons.get(0), String.join("; ", problems));
        } else if (next.getRun() == null) {
            readiness = Readiness.reconciling("AwaitingExport", "Waiting for the first export: `mcctl access-review export` with "
                    + "--index-configmap (the review's job runs it on spec.recurrence).");
        } else {
            readiness = Readiness.ready("RunRecorded", "Run " + next.getRun().id() + ": " + next.getRun().rows() + " rows, "
                    + next.getRun().decided() + " decided, " + (next.getGapCount() == null ? 0 : next.getGapCount()) + " gap(s).");
        }
        return StatusAggregation.complete(review, next, conditions, alertRules, readiness);
    }
}
