package dev.missioncontrol.core.metering;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Export windows: fixed length, aligned to the Unix epoch, identified by their start (20261125T100000Z).
 * The exporter and the operator compute them the same way, so a window's key is stable: exported once.
 */
public record UsageWindows(Duration length) {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public UsageWindows {
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("window length must be positive");
        }
    }

    public Instant floor(Instant t) {
        long len = length.toMillis();
        long ms = t.toEpochMilli();
        return Instant.ofEpochMilli(ms - Math.floorMod(ms, len));
    }

    public static String id(Instant start) {
        return ID.format(start);
    }

    public static Instant parseId(String id) {
        return Instant.from(ID.parse(id));
    }

    public Instant end(Instant start) {
        return start.plus(length);
    }

    /** Every closed window (end at or before now) from since, at most the last retention of them, oldest first. */
    public List<Instant> closed(Instant since, Instant now, int retention) {
        Instant lastStart = floor(now).minus(length);
        Instant first = floor(since);
        Instant horizon = lastStart.minus(length.multipliedBy(Math.max(retention, 1) - 1L));
        if (first.isBefore(horizon)) {
            first = horizon;
        }
        List<Instant> out = new ArrayList<>();
        for (Instant s = first; !s.isAfter(lastStart); s = s.plus(length)) {
            out.add(s);
        }
        return out;
    }

    public static String receiptKey(Instant start, String tenant) {
        return id(start) + "." + tenant;
    }

    /** PromQL placeholders of the usage queries. */
    public String render(String template, String tenant) {
        return template.replace("{{tenant}}", tenant).replace("{{window}}", length.toSeconds() + "s");
    }
}
