package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.events.PlannedEvent;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How the review's recurrence runs went: the latest finished Job of its CronJob (in the operator's namespace, found by the
 * labels the CronJob's jobTemplate carries) decides condition LastRunSucceeded, and a change of verdict is an Event. A
 * Job still running changes nothing: a failure stays reported until a later run succeeds. Pure: no I/O.
 */
public final class RecurrenceRuns {

    public static final String LAST_RUN_SUCCEEDED = "LastRunSucceeded";
    public static final String RUN_FAILED = "RunFailed";
    public static final String RUN_SUCCEEDED = "RunSucceeded";

    private RecurrenceRuns() {
    }

    /** A finished run: its Job, whether it completed, when it finished and, for a failure, the Job's own reason and message. */
    public record Finished(String job, String namespace, boolean succeeded, String at, String why) {

        /** LastRunSucceeded's message: what happened and where to look. */
        public String message() {
            if (succeeded) {
                return "Job " + job + " (namespace " + namespace + ") completed at " + at + ".";
            }
            return "Job " + job + " (namespace " + namespace + ") failed at " + at + (why == null || why.isBlank() ? "" : ": " + why)
                    + "; see `kubectl logs job/" + job + " -n " + namespace + "` and `kubectl describe job/" + job + " -n " + namespace
                    + "`. The next run is due on spec.recurrence; a later run that succeeds clears this";
        }
    }

    /** The latest finished Job (Complete or Failed), by the time it finished; empty while none has finished. */
    public static Optional<Finished> latestFinished(List<Job> jobs) {
        return jobs.stream().map(RecurrenceRuns::finished).flatMap(Optional::stream)
                .max(Comparator.comparing(Finished::at).thenComparing(Finished::job));
    }

    static Optional<Finished> finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            boolean complete = "Complete".equals(c.getType());
            if ((complete || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                String at = c.getLastTransitionTime() != null ? c.getLastTransitionTime() : job.getMetadata().getCreationTimestamp();
                String why = complete ? null : String.join(" ", Optional.ofNullable(c.getReason()).orElse(""),
                        Optional.ofNullable(c.getMessage()).orElse("")).trim();
                return Optional.of(new Finished(job.getMetadata().getName(), job.getMetadata().getNamespace(), complete,
                        at == null ? "" : at, why));
            }
        }
        return Optional.empty();
    }

    /**
     * The Event a new verdict deserves, against the condition the review's status had: a Warning for a failed run not
     * reported yet (each failed Job once: one Event of a series whose count is the failed runs), a Normal one when a run
     * succeeds after a failure. Nothing when the verdict is unchanged, so an operator at rest records nothing.
     */
    public static Optional<PlannedEvent> event(Optional<Condition> before, Optional<Finished> latest) {
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Finished run = latest.get();
        boolean failedBefore = before.map(c -> "False".equals(c.getStatus())).orElse(false);
        if (!run.succeeded()) {
            boolean reported = failedBefore && before.get().getMessage() != null && before.get().getMessage().startsWith("Job " + run.job() + " ");
            return reported ? Optional.empty() : Optional.of(PlannedEvent.warning(RUN_FAILED, run.message()).inSeries(RUN_FAILED, 1));
        }
        return failedBefore ? Optional.of(PlannedEvent.normal(RUN_SUCCEEDED, run.message() + " The earlier failure is cleared.")) : Optional.empty();
    }
}
