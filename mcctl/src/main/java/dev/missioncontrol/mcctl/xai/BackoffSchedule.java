package dev.missioncontrol.mcctl.xai;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try again. Attempt n (1-based) that failed retryably waits {@code min(max, initial * 2^(n-1))} scaled by a
 * jitter factor drawn from [0.5, 1.0] ("equal jitter": never less than half the step, so retries of many exporters
 * spread without collapsing to zero); a {@code Retry-After} the sink sent is a floor on that wait. No further attempt
 * when the wait would end beyond {@code total} after the first attempt: the event is then exhausted.
 */
public record BackoffSchedule(Duration initial, Duration max, Duration total) {

    public BackoffSchedule {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum backoff " + max + " is below the initial " + initial);
        }
        if (total.isNegative()) {
            throw new IllegalArgumentException("total retry time must not be negative");
        }
    }

    /** The step before jitter after the given failed attempt (1-based). */
    public Duration step(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        int shift = Math.min(failedAttempt - 1, 40);
        long millis = initial.toMillis();
        long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(scaled, max.toMillis()));
    }

    /**
     * The wait before the next attempt, or empty when the event is exhausted.
     *
     * @param failedAttempt the attempt that just failed (1-based)
     * @param retryAfter    what the sink asked for, if anything
     * @param elapsed       time since the first attempt started
     * @param jitter        a source of numbers in [0, 1)
     */
    public Optional<Duration> next(int failedAttempt, Optional<Duration> retryAfter, Duration elapsed, DoubleSupplier jitter) {
        long stepMillis = step(failedAttempt).toMillis();
        double factor = 0.5 + 0.5 * Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
        long waitMillis = Math.max(1, Math.round(stepMillis * factor));
        if (retryAfter.isPresent()) {
            waitMillis = Math.max(waitMillis, retryAfter.get().toMillis());
        }
        Duration wait = Duration.ofMillis(waitMillis);
        if (elapsed.plus(wait).compareTo(total) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }
}
