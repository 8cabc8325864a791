package dev.missioncontrol.operator.status;

import dev.missioncontrol.operator.events.PlannedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a pure planner returns, the same shape for every kind: the next state (a status, or the state a status
 * aggregator turns into one), the Events to record once that state is written, and when to look again.
 */
public record Decision<T>(T next, List<PlannedEvent> events, Optional<Duration> requeue) {

    public Decision {
        events = List.copyOf(events);
        requeue = requeue.filter(d -> !d.isNegative());
    }

    public static <T> Decision<T> of(T next, List<PlannedEvent> events, Duration requeueOrNull) {
        return new Decision<>(next, events, Optional.ofNullable(requeueOrNull));
    }
}
