package dev.missioncontrol.operator.metering;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** When the next key rotation is due, from a standard five-field cron schedule in UTC. */
public final class RotationSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private RotationSchedule() {
    }

    public static Optional<Instant> next(String cron, Instant after) {
        try {
            return ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(after.atZone(ZoneOffset.UTC)).map(z -> z.toInstant());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
