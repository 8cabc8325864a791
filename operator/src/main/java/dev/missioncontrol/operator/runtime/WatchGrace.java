package dev.missioncontrol.operator.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which informers have been out of their watch for longer than a grace period. An informer's watch is closed and
 * reopened routinely (the API server ends every watch after its request timeout, a relist follows a 410 Gone, a
 * network blip); for that second or two its cache is still current enough to act on, so readiness must not flap. An
 * informer out of its watch for longer than the grace (the API server gone) makes the operator not ready.
 * Pure: the caller passes each informer's watching flag and the time; no I/O.
 */
public final class WatchGrace {

    /** One look at the informers: the ones reconnecting within the grace, and the ones out of their watch for longer. */
    public record Verdict(Map<String, Duration> reconnecting, Map<String, Duration> notWatching) {
        public boolean ready() {
            return notWatching.isEmpty();
        }
    }

    private final Duration grace;
    private final Map<String, Instant> notWatchingSince = new HashMap<>();

    public WatchGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("watch reconnect grace must not be negative: " + grace);
        }
        this.grace = grace;
    }

    /**
     * @param watching every informer (by id) and whether it is watching now
     * @param now      the time of this look
     */
    public synchronized Verdict observe(Map<String, Boolean> watching, Instant now) {
        Map<String, Duration> reconnecting = new TreeMap<>();
        Map<String, Duration> notWatching = new TreeMap<>();
        notWatchingSince.keySet().retainAll(watching.keySet());
        watching.forEach((id, isWatching) -> {
            if (isWatching) {
                notWatchingSince.remove(id);
                return;
            }
            Duration out = Duration.between(notWatchingSince.computeIfAbsent(id, k -> now), now);
            if (out.compareTo(grace) < 0) {
                reconnecting.put(id, out);
            } else {
                notWatching.put(id, out);
            }
        });
        return new Verdict(reconnecting, notWatching);
    }

    public Duration grace() {
        return grace;
    }

    /** The informers of a verdict map, for a health check's data: "a, b". */
    static String names(Map<String, Duration> informers) {
        return String.join(", ", List.copyOf(informers.keySet()));
    }
}
