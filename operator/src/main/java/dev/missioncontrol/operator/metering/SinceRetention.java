package dev.missioncontrol.operator.metering;

import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Whether spec.export.since lies within the retention horizon: the operator signs and checks only the last
 * retentionWindows windows, so windows before {@code floor(t) - retentionWindows x window} are never exported nor
 * checked. Judged against the horizon when the rotation was created (its history's start), so the verdict does not
 * change as time passes: a since that was covered then had its windows signed while they were within the horizon, and
 * their records then leave by retention as intended. A since moved earlier after creation is named only if it
 * predates that first horizon too. Pure; {@code now} only sizes the advice and stands in for a missing creation time.
 */
public record SinceRetention(Instant since, Instant horizon, int retentionWindows, UsageWindows windows, String windowText) {

    public static final String CONDITION = "SinceWithinRetention";
    public static final String BEYOND = "SinceBeyondRetention";
    public static final String WITHIN = "SinceWithinRetention";

    public static SinceRetention of(MeteringRotation mr, Instant now) {
        var windows = MeteringPlanner.windows(mr);
        String created = mr.getMetadata().getCreationTimestamp();
        Instant start = created != null ? OffsetDateTime.parse(created).toInstant() : now;
        int retention = Math.max(mr.getSpec().retentionWindows(), 1);
        Instant horizon = windows.floor(start).minus(windows.length().multipliedBy(retention));
        return new SinceRetention(MeteringPlanner.since(mr), horizon, retention, windows, mr.getSpec().getExport().windowText());
    }

    public boolean beyond() {
        return since.isBefore(horizon);
    }

    /** The retentionWindows that reaches back to since at {@code now}: the windows from since to the current one. */
    long windowsToCover(Instant now) {
        return Math.max(Duration.between(since, windows.floor(now)).dividedBy(windows.length()), 1);
    }

    public void setOn(Conditions conditions, Instant now) {
        if (!beyond()) {
            conditions.set(CONDITION, true, WITHIN, "spec.export.since (" + since + ") is within the " + retentionWindows
                    + " windows the operator exports and checks.");
            return;
        }
        long needed = windowsToCover(now);
        String fix = needed <= MeteringRotationSpec.MAX_RETENTION_WINDOWS
                ? "Raise spec.retentionWindows to at least " + needed + " (enough today; the limit is "
                        + MeteringRotationSpec.MAX_RETENTION_WINDOWS + ") to export them, or move spec.export.since to " + horizon
                        + " or later."
                : "Covering them would take " + needed + " windows, more than the limit of " + MeteringRotationSpec.MAX_RETENTION_WINDOWS
                        + " for spec.retentionWindows: move spec.export.since to " + horizon + " or later, and export the older windows "
                        + "another way.";
        conditions.set(CONDITION, false, BEYOND, "spec.export.since (" + since + ") is before the retention horizon " + horizon
                + " (spec.retentionWindows " + retentionWindows + " windows of " + windowText
                + " before the rotation was created): the windows from " + since + " to " + horizon + " are never exported nor checked. "
                + fix);
    }
}
