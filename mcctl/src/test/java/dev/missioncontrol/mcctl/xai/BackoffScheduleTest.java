package dev.missioncontrol.mcctl.xai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BackoffScheduleTest {

    final BackoffSchedule schedule = new BackoffSchedule(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(30));

    @Test
    void stepsDoubleFromTheInitialUpToTheMaximum() {
        assertThat(schedule.step(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.step(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(schedule.step(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(schedule.step(4)).isEqualTo(Duration.ofMillis(4000));
        assertThat(schedule.step(5)).isEqualTo(Duration.ofMillis(4000));
        assertThat(schedule.step(200)).isEqualTo(Duration.ofMillis(4000));
    }

    @Test
    void jitterKeepsTheWaitBetweenHalfAndAllOfTheStep() {
        assertThat(schedule.next(3, Optional.empty(), Duration.ZERO, () -> 0.0)).contains(Duration.ofMillis(1000));
        assertThat(schedule.next(3, Optional.empty(), Duration.ZERO, () -> 0.5)).contains(Duration.ofMillis(1500));
        assertThat(schedule.next(3, Optional.empty(), Duration.ZERO, () -> 0.999999)).contains(Duration.ofMillis(2000));
    }

    @Test
    void retryAfterIsAFloorOnTheWait() {
        assertThat(schedule.next(1, Optional.of(Duration.ofSeconds(2)), Duration.ZERO, () -> 0.0)).contains(Duration.ofSeconds(2));
        // a Retry-After shorter than the backoff does not shorten it
        assertThat(schedule.next(4, Optional.of(Duration.ofSeconds(1)), Duration.ZERO, () -> 0.0)).contains(Duration.ofSeconds(2));
    }

    @Test
    void noAttemptWhoseWaitWouldEndAfterTheTotal() {
        assertThat(schedule.next(4, Optional.empty(), Duration.ofSeconds(27), () -> 0.0)).contains(Duration.ofSeconds(2));
        assertThat(schedule.next(4, Optional.empty(), Duration.ofSeconds(29), () -> 0.0)).isEmpty();
        assertThat(schedule.next(1, Optional.of(Duration.ofSeconds(60)), Duration.ZERO, () -> 0.0)).isEmpty();
    }

    @Test
    void aMaximumBelowTheInitialIsRefused() {
        assertThatThrownBy(() -> new BackoffSchedule(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessageContaining("below the initial");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        assertThat(Exporter.RetryAfter.parse("2", now)).contains(Duration.ofSeconds(2));
        assertThat(Exporter.RetryAfter.parse("Mon, 30 Nov 2026 12:00:07 GMT", now)).contains(Duration.ofSeconds(7));
        assertThat(Exporter.RetryAfter.parse("Mon, 30 Nov 2026 11:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(Exporter.RetryAfter.parse("soon", now)).isEmpty();
        assertThat(Exporter.RetryAfter.parse("-3", now)).isEmpty();
    }
}
