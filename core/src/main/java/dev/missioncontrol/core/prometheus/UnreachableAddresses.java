package dev.missioncontrol.core.prometheus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per Prometheus address, whether it just could not be reached. While it is held down, a query to it is answered at
 * once with the failure its last request got (the same result, so a status built from it does not change), instead
 * of waiting for its own timeout on a thread that other resources' reconciliations share. After {@code hold}, one
 * query goes out again (a probe; queries meanwhile still get the remembered failure): an answer of any kind clears the
 * address, another transport failure holds it down again. So a dead address costs at most one waiting thread at a
 * time, however many resources point at it, and a recovered one is noticed within {@code hold} plus one query.
 */
public final class UnreachableAddresses {

    /** How long an address that could not be reached is answered from memory before a query is sent to it again. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);

    private record Down(QueryResult result, Instant until, boolean probing) {
    }

    private final Clock clock;
    private final Duration hold;
    private final ConcurrentHashMap<String, Down> down = new ConcurrentHashMap<>();

    public UnreachableAddresses(Clock clock, Duration hold) {
        this.clock = clock;
        this.hold = hold;
    }

    /**
     * The remembered failure when no request should be sent to {@code base} now. Empty: send it, then report how it
     * went with {@link #reached} or {@link #unreachable} (the caller may be the probe).
     */
    public Optional<QueryResult> heldDown(String base) {
        Instant now = clock.instant();
        AtomicReference<QueryResult> answer = new AtomicReference<>();
        down.computeIfPresent(base, (k, d) -> {
            if (d.probing() || now.isBefore(d.until())) {
                answer.set(d.result());
                return d;
            }
            return new Down(d.result(), d.until(), true); // this caller probes
        });
        return Optional.ofNullable(answer.get());
    }

    /** The request to {@code base} got an answer (of any kind): queries go out again. */
    public void reached(String base) {
        down.remove(base);
    }

    /** The request to {@code base} failed on the wire: answer queries to it with {@code result} for the hold. */
    public void unreachable(String base, QueryResult result) {
        down.put(base, new Down(result, clock.instant().plus(hold), false));
    }

    /** Addresses held down now (for metrics and tests). */
    public int size() {
        return down.size();
    }
}
