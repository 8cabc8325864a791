package dev.missioncontrol.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronSchedulesTest {

    @Test
    void aDayNoMonthOfTheScheduleHasNeverFiresAndSaysWhich() {
        assertNever("0 0 30 2 *", "February has no day 30");
        assertNever("0 0 30,31 feb *", "February has no day 30 or 31");
        assertNever("0 0 31 4,6 *", "April and June have no day 31");
        assertNever("15 3 31 2,apr,6,9,NOV *", "February, April, June, September and November have no day 31");
        assertNever("0 0 30/5 2 *", "February has no day 30"); // 30/5 is 30-31/5: day 30 only
        assertNever("0 0 30 2 ?", "February has no day 30"); // '?' is a star
        assertNever("0 0 30 2 */1", "February has no day 30"); // a star with step 1 is still a star
        assertNever("0 0 30-31 2 *", "February has no day 30 or 31");
    }

    @Test
    void february29FiresInLeapYearsAndIsNotCalledNever() {
        for (String s : List.of("0 0 29 2 *", "0 0 29-31 2 *", "0 12 29 feb ?")) {
            var v = CronSchedules.check(s);
            assertThat(v.fires()).as(s).isTrue();
            assertThat(v.why()).as(s).contains("February 29").contains("four years");
        }
        assertThat(CronSchedules.check("0 0 28,29 2 *")).isEqualTo(new CronSchedules.Verdict(true, null));
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherMatchesSoItFires() {
        for (String s : List.of("0 0 30 2 1", "0 0 31 4 mon-fri", "0 0 30 2 */2", "0 0 31 4,6 0,6", "0 0 30 2 sun")) {
            assertThat(CronSchedules.check(s).fires()).as(s).isTrue();
        }
    }

    @Test
    void ordinarySchedulesAndDescriptorsFire() {
        for (String s : List.of("*/40 * * * *", "15 * * * *", "0 3 * * 1", "0 0 1 * *", "0 0 31 * *", "0 0 31 1-12/2 *", "0 0 * 2 *",
                "0 0 ? * *", "59 23 31 12 sat", "0 0 * * 0", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight",
                "@hourly", "0 0 1 JAN *", "0  0\t1 * *")) {
            assertThat(CronSchedules.check(s)).as(s).isEqualTo(new CronSchedules.Verdict(true, null));
        }
    }

    @Test
    void whatKubernetesParserRefusesNeverFiresAndSaysWhy() {
        assertNever("0 0 * * 7", "Kubernetes refuses it: day-of-week 7 is above 6 (7); Sunday is 0 or SUN");
        assertNever("0 0 * * 5-7", "day-of-week 7 is above 6");
        assertNever("*/0 * * * *", "Kubernetes refuses it: the minute step in */0 is 0");
        assertNever("5-3 * * * *", "the minute range 5-3 runs backwards");
        assertNever("0 0 1 dec-jan *", "the month range dec-jan runs backwards");
        assertNever("@DAILY", "Kubernetes refuses it: descriptors are read in lower case only: write @daily");
        assertNever("@Monthly", "write @monthly");
        assertNever("CRON_TZ=Europe/Paris 0 0 * * *", "Kubernetes refuses it: a time zone");
        assertNever("0 0 * *", "Kubernetes refuses it: it has 4 fields");
        assertNever("", "Kubernetes refuses it: the schedule is empty");
    }

    /**
     * Against robfig/cron's own day matching over a whole Gregorian cycle (400 years, 146097 days): a schedule fires iff
     * some day of the cycle matches its month, and its day-of-month and day-of-week (both when either holds a star).
     */
    @Test
    void theVerdictAgreesWithMatchingEveryDayOfA400YearCycle() {
        Random random = new Random(Long.getLong("mc.properties.seed", 20261130L));
        for (int i = 0; i < 200; i++) {
            String dom = list(random, 1, 31, 20);
            String month = list(random, 1, 12, 4);
            String dow = List.of("*", "?", "*/1", "*/2", "1", "0-6", "mon-fri", "sat").get(random.nextInt(8));
            String schedule = "0 0 " + dom + " " + month + " " + dow;
            boolean domStar = false;
            boolean dowStar = Set.of("*", "?", "*/1").contains(dow);
            Set<Integer> days = values(dom);
            Set<Integer> months = values(month);
            Set<Integer> weekdays = weekdays(dow);
            boolean fires = false;
            for (LocalDate d = LocalDate.of(2000, 1, 1); d.getYear() < 2400 && !fires; d = d.plusDays(1)) {
                boolean domMatch = days.contains(d.getDayOfMonth());
                boolean dowMatch = weekdays.contains(d.getDayOfWeek().getValue() % 7);
                boolean dayMatch = domStar || dowStar ? domMatch && dowMatch : domMatch || dowMatch;
                fires = months.contains(d.getMonthValue()) && dayMatch;
            }
            assertThat(CronSchedules.check(schedule).fires()).as("try %d: %s", i, schedule).isEqualTo(fires);
        }
    }

    private static void assertNever(String schedule, String why) {
        var v = CronSchedules.check(schedule);
        assertThat(v.fires()).as(schedule).isFalse();
        assertThat(v.why()).as(schedule).contains(why);
    }

    /** A list of numbers and ranges, biased to the high days and short months where schedules go wrong. */
    private static String list(Random random, int min, int max, int biasFrom) {
        List<String> items = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int a = random.nextBoolean() ? biasFrom + random.nextInt(max - biasFrom + 1) : min + random.nextInt(max - min + 1);
            if (random.nextInt(4) == 0 && a < max) {
                items.add(a + "-" + (a + 1 + random.nextInt(max - a)));
            } else {
                items.add(String.valueOf(a));
            }
        }
        if (max == 31 && random.nextInt(3) == 0) {
            items = new ArrayList<>(List.of(String.valueOf(28 + random.nextInt(4))));
        }
        if (max == 12 && random.nextInt(3) == 0) {
            items = new ArrayList<>(List.of(String.valueOf(List.of(2, 4, 6, 9, 11).get(random.nextInt(5)))));
        }
        return String.join(",", items);
    }

    private static Set<Integer> values(String list) {
        Set<Integer> out = new TreeSet<>();
        for (String item : list.split(",")) {
            String[] ab = item.split("-");
            int a = Integer.parseInt(ab[0]);
            int b = ab.length == 2 ? Integer.parseInt(ab[1]) : a;
            for (int v = a; v <= b; v++) {
                out.add(v);
            }
        }
        return out;
    }

    private static Set<Integer> weekdays(String dow) {
        return switch (dow) {
            case "*", "?", "*/1", "0-6" -> Set.of(0, 1, 2, 3, 4, 5, 6);
            case "*/2" -> Set.of(0, 2, 4, 6);
            case "1" -> Set.of(1);
            case "mon-fri" -> Set.of(1, 2, 3, 4, 5);
            case "sat" -> Set.of(6);
            default -> throw new IllegalArgumentException(dow);
        };
    }
}
