package dev.missioncontrol.operator.metering;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.missioncontrol.core.time.CronSchedules;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * When the next key rotation is due, from a cron schedule in UTC as a CronJob takes it: five fields or one of the
 * descriptors (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly), which cron-utils' UNIX definition
 * does not know, so they are translated to the five fields robfig/cron gives them.
 */
public final class RotationSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private RotationSchedule() {
    }

    /** Empty when the schedule never fires as a CronJob reads it (CronSchedules; the ScheduleFires condition says why). */
    public static Optional<Instant> next(String cron, Instant after) {
        if (!CronSchedules.check(cron).fires()) {
            return Optional.empty();
        }
        try {
            return ExecutionTime.forCron(PARSER.parse(fiveFields(cron))).nextExecution(after.atZone(ZoneOffset.UTC)).map(z -> z.toInstant());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The schedule as five fields: a descriptor translated, anything else as written but '?' (robfig's '*', unknown to cron-utils). */
    static String fiveFields(String cron) {
        String trimmed = cron.trim();
        return CronSchedules.DESCRIPTORS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed.replace('?', '*'));
    }
}
