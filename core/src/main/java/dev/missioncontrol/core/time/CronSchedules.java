package dev.missioncontrol.core.time;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a cron schedule can ever fire, read the way a Kubernetes CronJob reads it (robfig/cron v3's standard parser:
 * minute hour day-of-month month day-of-week, or a descriptor), and if not, why in words. The schema's cron rule admits
 * every well-formed schedule, including some that never fire ({@code 0 0 30 2 *}: February has no day 30) and a few
 * that Kubernetes' parser refuses (day-of-week 7, a step of 0, a backwards range, a descriptor in capitals), which
 * never fire either because the CronJob is never accepted. Pure.
 */
public final class CronSchedules {

    /** {@code fires}: the schedule fires at some time; {@code why}: why it never fires, or a note on a rare one (null if none). */
    public record Verdict(boolean fires, String why) {

        static Verdict firing() {
            return new Verdict(true, null);
        }

        static Verdict never(String why) {
            return new Verdict(false, why);
        }
    }

    /** How every "why" of a schedule Kubernetes' parser refuses begins (the CronJob is never accepted). */
    public static final String REFUSED = "Kubernetes refuses it: ";

    /** The descriptors a CronJob takes, as the five fields robfig/cron gives them. */
    public static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final List<String> MONTH_NAMES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAY_NAMES = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    /** One field's bounds, as robfig/cron has them; names are read case-insensitively. */
    private record Bounds(String field, int min, int max, List<String> names, int firstName) {
    }

    private static final Bounds MINUTES = new Bounds("minute", 0, 59, List.of(), 0);
    private static final Bounds HOURS = new Bounds("hour", 0, 23, List.of(), 0);
    private static final Bounds DAYS_OF_MONTH = new Bounds("day-of-month", 1, 31, List.of(), 0);
    private static final Bounds MONTHS = new Bounds("month", 1, 12, MONTH_NAMES, 1);
    private static final Bounds DAYS_OF_WEEK = new Bounds("day-of-week", 0, 6, DAY_NAMES, 0);

    /** A parsed field: the values it matches, and whether it holds a '*' or '?' without a step above 1 (robfig's star bit). */
    private record Field(Set<Integer> values, boolean star) {
    }

    /** Kubernetes' parser refuses the schedule; the message says why. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private CronSchedules() {
    }

    public static Verdict check(String schedule) {
        if (schedule == null || schedule.isEmpty()) {
            return Verdict.never(REFUSED + "the schedule is empty");
        }
        if (schedule.startsWith("TZ=") || schedule.startsWith("CRON_TZ=")) {
            return Verdict.never(REFUSED + "a time zone inside the schedule (TZ= or CRON_TZ=) is not taken; schedules are read in UTC here");
        }
        String fiveFields = schedule;
        if (schedule.startsWith("@")) {
            if (schedule.startsWith("@every ")) {
                return Verdict.firing(); // robfig fires at least once a second; the schema rule does not admit it anyway
            }
            fiveFields = DESCRIPTORS.get(schedule);
            if (fiveFields == null) {
                String lower = schedule.toLowerCase(Locale.ROOT);
                return Verdict.never(REFUSED + (DESCRIPTORS.containsKey(lower)
                        ? "descriptors are read in lower case only: write " + lower
                        : schedule + " is not a descriptor Kubernetes knows (" + String.join(" ", new TreeSet<>(DESCRIPTORS.keySet())) + ")"));
            }
        }
        String[] fields = fiveFields.trim().split("\\s+");
        if (fields.length != 5) {
            return Verdict.never(REFUSED + "it has " + fields.length + " fields; Kubernetes takes exactly five (minute hour day-of-month month day-of-week)");
        }
        try {
            field(fields[0], MINUTES);
            field(fields[1], HOURS);
            Field dom = field(fields[2], DAYS_OF_MONTH);
            Field months = field(fields[3], MONTHS);
            Field dow = field(fields[4], DAYS_OF_WEEK);
            return days(dom, months, dow);
        } catch (Refused e) {
            return Verdict.never(REFUSED + e.getMessage());
        }
    }

    /**
     * The day fields. As robfig/cron matches a day: when day-of-month or day-of-week holds a star, both must match (and
     * the star one matches every day); when both are restricted, either may. So only a restricted day-of-month under a
     * starred day-of-week can miss: every month of the schedule then lacks every day of the schedule.
     */
    private static Verdict days(Field dom, Field months, Field dow) {
        if (!dow.star() || dom.star()) {
            return Verdict.firing(); // every month has every weekday, and a starred day-of-month every day up to 28
        }
        Map<Integer, List<Integer>> missing = new LinkedHashMap<>();
        boolean onlyLeapDay = true;
        for (int month : months.values()) {
            int longest = Month.of(month).maxLength(); // February: 29, in leap years
            List<Integer> absent = new ArrayList<>();
            for (int day : dom.values()) {
                if (day > longest) {
                    absent.add(day);
                } else if (!(month == 2 && day == 29)) {
                    onlyLeapDay = false;
                }
            }
            if (absent.size() < dom.values().size()) {
                continue; // some day exists in this month
            }
            missing.put(month, absent);
        }
        if (missing.size() < months.values().size()) {
            return onlyLeapDay ? new Verdict(true, "it fires only on February 29, once in four years") : Verdict.firing();
        }
        // Months that lack the same days are named together: "April and June have no day 31".
        Map<List<Integer>, List<Integer>> byDays = new LinkedHashMap<>();
        missing.forEach((month, days) -> byDays.computeIfAbsent(days, d -> new ArrayList<>()).add(month));
        List<String> parts = new ArrayList<>();
        byDays.forEach((days, ms) -> parts.add(words(ms.stream().map(CronSchedules::monthName).toList(), "and")
                + (ms.size() == 1 ? " has" : " have") + " no day " + words(days.stream().map(String::valueOf).toList(), "or")));
        return Verdict.never(String.join("; ", parts));
    }

    private static Field field(String text, Bounds bounds) throws Refused {
        Set<Integer> values = new TreeSet<>();
        boolean star = false;
        for (String range : text.split(",")) {
            if (range.isEmpty()) {
                continue; // robfig splits with FieldsFunc: empty items vanish
            }
            String[] rangeAndStep = range.split("/", -1);
            String[] lowAndHigh = rangeAndStep[0].split("-", -1);
            int start;
            int end;
            boolean starred = false;
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                start = bounds.min();
                end = bounds.max();
                starred = true;
            } else {
                start = number(lowAndHigh[0], bounds);
                if (lowAndHigh.length == 1) {
                    end = start;
                } else if (lowAndHigh.length == 2) {
                    end = number(lowAndHigh[1], bounds);
                } else {
                    throw new Refused("too many hyphens in the " + bounds.field() + " field (" + range + ")");
                }
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                step = number(rangeAndStep[1], null);
                if (lowAndHigh.length == 1) {
                    end = bounds.max(); // "N/step" means "N-max/step"
                }
                if (step > 1) {
                    starred = false;
                }
            } else if (rangeAndStep.length > 2) {
                throw new Refused("too many slashes in the " + bounds.field() + " field (" + range + ")");
            }
            if (start < bounds.min()) {
                throw new Refused(bounds.field() + " " + start + " is below " + bounds.min() + " (" + range + ")");
            }
            if (end > bounds.max()) {
                throw new Refused(bounds.field() + " " + end + " is above " + bounds.max() + " (" + range + ")"
                        + (bounds == DAYS_OF_WEEK && end == 7 ? "; Sunday is 0 or SUN" : ""));
            }
            if (start > end) {
                throw new Refused("the " + bounds.field() + " range " + range + " runs backwards (" + start + " after " + end + ")");
            }
            if (step == 0) {
                throw new Refused("the " + bounds.field() + " step in " + range + " is 0; a step must be at least 1");
            }
            for (int v = start; v <= end; v += step) {
                values.add(v);
            }
            star |= starred;
        }
        return new Field(values, star);
    }

    private static int number(String text, Bounds bounds) throws Refused {
        if (bounds != null) {
            int named = bounds.names().indexOf(text.toLowerCase(Locale.ROOT));
            if (named >= 0) {
                return named + bounds.firstName();
            }
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw new Refused("\"" + text + "\" is not a number" + (bounds == null ? "" : " in the " + bounds.field() + " field"));
        }
        return Integer.parseInt(text);
    }

    private static String monthName(int month) {
        return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** "a", "a and b", "a, b and c". */
    private static String words(List<String> items, String last) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + last + " " + items.get(items.size() - 1);
    }
}
