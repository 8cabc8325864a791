package dev.missioncontrol.operator.status;

import dev.missioncontrol.core.time.CronSchedules;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ScheduleFires} condition every kind with a cron schedule sets: False (reason {@code ScheduleNeverFires})
 * when a schedule the schema admits can never fire ({@code 0 0 30 2 *}, or a form Kubernetes' cron parser refuses),
 * naming the field, its value, why and what to change; True otherwise. Pure: decided from the spec alone.
 */
public final class ScheduleCondition {

    public static final String TYPE = "ScheduleFires";
    public static final String NEVER_FIRES = "ScheduleNeverFires";
    public static final String FIRES = "ScheduleFires";

    /** A schedule field of a spec: its path (spec.export.schedule) and its value. */
    public record Field(String path, String schedule) {
    }

    private ScheduleCondition() {
    }

    public static void setOn(Conditions conditions, List<Field> fields) {
        if (fields.isEmpty()) {
            return;
        }
        List<String> never = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Field f : fields) {
            var verdict = CronSchedules.check(f.schedule());
            String named = f.path() + " \"" + f.schedule() + "\"";
            if (!verdict.fires()) {
                never.add(named + " never fires: " + verdict.why() + ". " + fix(verdict.why()));
            } else if (verdict.why() != null) {
                notes.add(named + ": " + verdict.why());
            }
        }
        if (!never.isEmpty()) {
            conditions.set(TYPE, false, NEVER_FIRES, String.join(" ", never));
        } else {
            conditions.set(TYPE, true, FIRES, (fields.size() == 1 ? "The schedule fires" : "Every schedule fires")
                    + (notes.isEmpty() ? "." : "; " + String.join("; ", notes) + "."));
        }
    }

    private static String fix(String why) {
        return why.startsWith(CronSchedules.REFUSED)
                ? "Write it as a Kubernetes CronJob takes it (five fields, day-of-week 0-6, steps of at least 1, ranges low-high, "
                        + "descriptors in lower case)."
                : "Pick days that its months have (days 1 to 28 exist in every month), or add a day-of-week: when both "
                        + "day-of-month and day-of-week are restricted, either one fires it.";
    }
}
