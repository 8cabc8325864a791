package dev.missioncontrol.core.prometheus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Runs Prometheus queries off the threads that ask for them. A reconciliation asks for a query and gets its answer if
 * one has landed for it, or nothing: the query is then sent on the dispatcher's own threads, and the asker's
 * {@code wake} runs when the answer lands (an operator wakes the resource's reconciliation with it). So a slow or dead
 * Prometheus holds the dispatcher's threads, never a reconcile thread that every other resource shares.
 * <p>
 * Bounded: at most {@code perAddress} queries to one address run at once (the others wait in that address's queue,
 * not on a thread), so one address can hold at most that many of the dispatcher's threads. An answer is handed out
 * once ({@link #take}) and kept at most {@code maxAge}; a query already in flight for the same asker is not sent twice.
 * Nothing here is state the operator needs across restarts: a restarted operator asks again.
 */
public final class QueryDispatcher {

    /** One instant query: where, what, and when it is evaluated (null: at the time it is sent). */
    public record Query(String address, String promql, Instant at) {
        public Query {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(promql, "promql");
        }
    }

    /** Who asked (a resource of a kind) and what: an asker's answers are its own. */
    private record Key(Object asker, Query query) {
    }

    /** An answer, and when it landed. */
    public record Answer(QueryResult result, Instant landedAt) {
    }

    /** Per address: how many of its queries run, and the ones that wait for a turn. */
    private static final class Lane {
        int running;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    private final Function<Query, QueryResult> send;
    private final ExecutorService threads;
    private final int perAddress;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Runnable> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Answer> landed = new ConcurrentHashMap<>();
    private final Map<String, Lane> lanes = new HashMap<>();

    /**
     * @param send       sends one query and waits for its answer (the Prometheus client; it has its own timeout)
     * @param threads    the threads queries are sent on
     * @param perAddress queries to one address that may run at once
     * @param maxAge     how long a landed answer waits to be taken before it is dropped
     */
    public QueryDispatcher(Function<Query, QueryResult> send, ExecutorService threads, int perAddress, Duration maxAge, Clock clock) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("perAddress must be at least 1, got " + perAddress);
        }
        this.send = send;
        this.threads = threads;
        this.perAddress = perAddress;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The answer to {@code query} asked by {@code asker}, if one has landed (handed out once: the next call asks
     * again). Empty when it has not: the query is sent (unless it is already in flight), and {@code wake} runs on a
     * dispatcher thread when its answer lands.
     */
    public Optional<Answer> take(Object asker, Query query, Runnable wake) {
        Key key = new Key(asker, query);
        Answer answer = landed.remove(key);
        if (answer != null && !answer.landedAt().plus(maxAge).isBefore(clock.instant())) {
            return Optional.of(answer);
        }
        if (inFlight.putIfAbsent(key, wake) == null) {
            try {
                enqueue(query.address(), () -> run(key));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.remove(key);
                return Optional.of(new Answer(QueryResult.error(QueryResult.Failure.QueryFailed,
                        "not sent: the operator is shutting down"), clock.instant()));
            }
        }
        return Optional.empty();
    }

    /**
     * Puts back an answer that was taken but not used (the asker's decision waited for another query): the next
     * {@link #take} gets it, within {@code maxAge} of when it first landed.
     */
    public void giveBack(Object asker, Query query, Answer answer) {
        landed.putIfAbsent(new Key(asker, query), answer);
    }

    /** Queries sent or waiting for a turn (for metrics and tests). */
    public int inFlight() {
        return inFlight.size();
    }

    /** Drops landed answers older than {@code maxAge} (an asker deleted, or one that no longer needs its query). */
    public void expire() {
        Instant oldest = clock.instant().minus(maxAge);
        landed.values().removeIf(a -> a.landedAt().isBefore(oldest));
    }

    private void run(Key key) {
        QueryResult result;
        try {
            result = send.apply(key.query());
        } catch (RuntimeException e) {
            result = QueryResult.error(QueryResult.Failure.QueryFailed, "the query could not be sent: " + e.getClass().getSimpleName());
        }
        landed.put(key, new Answer(result, clock.instant()));
        Runnable wake = inFlight.remove(key);
        expire();
        if (wake != null) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                // The asker is gone (its controller stopped): nobody to wake.
            }
        }
    }

    private void enqueue(String address, Runnable task) {
        Runnable turn = () -> {
            try {
                task.run();
            } finally {
                next(address);
            }
        };
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(address, a -> new Lane());
            if (lane.running >= perAddress) {
                lane.waiting.add(turn);
                return;
            }
            lane.running++;
        }
        try {
            threads.execute(turn);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (lanes) {
                Lane lane = lanes.get(address);
                if (--lane.running == 0 && lane.waiting.isEmpty()) {
                    lanes.remove(address);
                }
            }
            throw e;
        }
    }

    private void next(String address) {
        Runnable following;
        synchronized (lanes) {
            Lane lane = lanes.get(address);
            following = lane.waiting.poll();
            if (following == null) {
                lane.running--;
                if (lane.running == 0) {
                    lanes.remove(address);
                }
                return;
            }
        }
        try {
            threads.execute(following);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: the queries still waiting are not sent; their askers are going away with the operator.
        }
    }
}
