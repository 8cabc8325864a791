package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Overdue;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A no-go decision's remediation plan at a point in time: share done, what is overdue, and when that next changes. */
public record RemediationTracker(int percentComplete, List<Overdue> overdue, boolean complete, Optional<Instant> nextDue) {

    public static RemediationTracker at(RemediationSpec plan, Instant now) {
        var milestones = plan.getMilestones();
        long done = milestones.stream().filter(m -> Boolean.TRUE.equals(m.getDone())).count();
        int percent = milestones.isEmpty() ? 100 : (int) Math.floor(done * 100.0 / milestones.size());
        List<Overdue> overdue = milestones.stream()
                .filter(m -> !Boolean.TRUE.equals(m.getDone()) && !now.isBefore(instant(m.getDue())))
                .map(m -> new Overdue(m.getId(), m.getTitle(), m.getOwner(), m.getDue())).toList();
        Optional<Instant> next = milestones.stream().filter(m -> !Boolean.TRUE.equals(m.getDone()))
                .map(m -> instant(m.getDue())).filter(now::isBefore).min(Instant::compareTo);
        return new RemediationTracker(percent, overdue, done == milestones.size(), next);
    }

    /** The re-review moment: an RFC 3339 time (the CRD's pattern), or a bare date read as its start in UTC; empty if neither. */
    public static Optional<Instant> reReviewAt(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(instant(value));
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Optional.of(java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            } catch (java.time.format.DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    static Instant instant(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant();
    }
}
