package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rotation schedule is read as a CronJob reads it: five fields or the @-descriptors the CRD admits. */
@Tag("unit")
class RotationScheduleTest {

    static final Instant NOW = Instant.parse("2026-11-30T07:20:00Z");

    @Test
    void descriptorsMeanWhatTheyMeanToACronJob() {
        assertThat(RotationSchedule.next("@yearly", NOW)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RotationSchedule.next("@annually", NOW)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RotationSchedule.next("@monthly", NOW)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RotationSchedule.next("@weekly", NOW)).contains(Instant.parse("2026-12-06T00:00:00Z")); // a Sunday
        assertThat(RotationSchedule.next("@daily", NOW)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RotationSchedule.next("@midnight", NOW)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RotationSchedule.next("@hourly", NOW)).contains(Instant.parse("2026-11-30T08:00:00Z"));
        // kube-apiserver v1.34.4 refuses a CronJob with "@HOURLY" (unrecognized descriptor): so does the rotation.
        assertThat(RotationSchedule.next("@HOURLY", NOW)).isEmpty();
    }

    @Test
    void fiveFieldsAsBeforeAndNonsenseGivesNothing() {
        assertThat(RotationSchedule.next("0 0 1 * *", NOW)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RotationSchedule.next("30 6 * * 1-5", NOW)).contains(Instant.parse("2026-12-01T06:30:00Z"));
        assertThat(RotationSchedule.next("@fortnightly", NOW)).isEmpty();
    }

    @Test
    void aScheduleThatNeverFiresAsACronJobGivesNothingAndQuestionMarkIsAStar() {
        assertThat(RotationSchedule.next("0 0 30 2 *", NOW)).isEmpty();
        assertThat(RotationSchedule.next("0 0 * * 7", NOW)).as("a CronJob refuses day-of-week 7").isEmpty();
        assertThat(RotationSchedule.next("0 0 29 2 *", NOW)).contains(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(RotationSchedule.next("0 0 1 * ?", NOW)).contains(Instant.parse("2026-12-01T00:00:00Z"));
    }
}
