package dev.missioncontrol.operator.prometheus;

import dev.missioncontrol.core.prometheus.QueryDispatcher;
import dev.missioncontrol.core.prometheus.QueryResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus queries of one reconciliation, sent off the reconcile thread. A reconciler opens a pass for the
 * resource it reconciles; while the pass is open, the operator's Prometheus client ({@link OperatorPrometheusClient})
 * answers a query from the {@link QueryDispatcher} at once: with its answer if it has landed, or with a placeholder
 * ({@link QueryResult.Failure#Pending}) while it is sent on the dispatcher's threads. Every query the reconciliation
 * asks for is sent at once, in parallel. A reconciliation that got a placeholder decides nothing: it returns
 * {@link #deferred()} (no write), and the answer's landing wakes it through the controller's
 * {@link #wakeSource() inbound event source}; it then finds every answer waiting and decides as if it had queried
 * itself. Answers it took on a deferred pass are put back for the next one, and the next pass decides as of the same
 * instant ({@link Pass#now}): a query that names the time (an evaluation time, a range up to now) is asked again
 * word for word, so it finds its answer.
 * <p>
 * So a slow or dead Prometheus delays only the resources that query it, never a reconcile thread the other resources
 * share (issue 12's noisy neighbour).
 */
public final class ReconcileQueries {

    /** What a reconciliation waiting for its answers is rescheduled after, in case its wake-up were lost. */
    public static final Duration RECHECK = OperatorPrometheusClient.TIMEOUT.plusSeconds(5);

    /** How long a resource's decision may stay pinned to the instant of its first deferred pass. */
    static final Duration PIN_MAX = Duration.ofMinutes(2);

    private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();
    /** Per resource whose last pass was deferred: the instant that pass decided as of. */
    private static final ConcurrentHashMap<String, Instant> PINNED = new ConcurrentHashMap<>();

    private ReconcileQueries() {
    }

    /** The event source a controller registers in prepareEventSources, through which landed answers wake it. */
    public static <P extends HasMetadata> SimpleInboundEventSource<P> wakeSource() {
        return new SimpleInboundEventSource<>();
    }

    /**
     * Opens the pass of one reconciliation on this thread (close it in a finally block or try-with-resources).
     *
     * @param kind the controller's kind (answers are per kind and resource)
     * @param wake the controller's {@link #wakeSource()}; null: queries are sent on this thread, as before
     */
    public static Pass open(String kind, HasMetadata resource, SimpleInboundEventSource<?> wake) {
        Pass pass = new Pass(kind + ":" + ResourceID.fromResource(resource), ResourceID.fromResource(resource), wake);
        if (wake != null) {
            CURRENT.set(pass);
        }
        return pass;
    }

    static Pass current() {
        return CURRENT.get();
    }

    /** One reconciliation's queries. */
    public static final class Pass implements AutoCloseable {
        private final String asker;
        private final ResourceID resource;
        private final SimpleInboundEventSource<?> wake;
        private final Map<QueryDispatcher.Query, QueryDispatcher.Answer> taken = new LinkedHashMap<>();
        private boolean pending;
        private Instant now;

        private Pass(String asker, ResourceID resource, SimpleInboundEventSource<?> wake) {
            this.asker = asker;
            this.resource = resource;
            this.wake = wake;
        }

        QueryResult ask(QueryDispatcher dispatcher, QueryDispatcher.Query query) {
            var answer = taken.get(query);
            if (answer == null) {
                answer = dispatcher.take(asker, query, () -> wake.propagateEvent(resource)).orElse(null);
            }
            if (answer == null) {
                pending = true;
                return QueryResult.error(QueryResult.Failure.Pending, "the answer of Prometheus at " + query.address()
                        + " is on its way");
            }
            taken.put(query, answer);
            return answer.result();
        }

        /**
         * The instant this reconciliation decides as of: the clock's, or, when the resource's last pass waited for
         * answers (within {@link #PIN_MAX}), that pass's instant, so the queries built from it are the same.
         */
        public Instant now(Clock clock) {
            if (now == null) {
                Instant t = clock.instant();
                Instant pinned = PINNED.get(asker);
                now = pinned != null && !pinned.isAfter(t) && !pinned.plus(PIN_MAX).isBefore(t) ? pinned : t;
            }
            return now;
        }

        /** Whether a query of this pass is still on its way: then the reconciliation must decide nothing. */
        public boolean pending() {
            return pending;
        }

        /** What a reconciliation returns while its answers are on its way: no write; the answers wake it. */
        public <P extends HasMetadata> UpdateControl<P> deferred() {
            return UpdateControl.<P>noUpdate().rescheduleAfter(RECHECK);
        }

        @Override
        public void close() {
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
            if (pending) {
                var dispatcher = OperatorPrometheusClient.dispatcher();
                taken.forEach((query, answer) -> dispatcher.giveBack(asker, query, answer));
                if (now != null) {
                    PINNED.put(asker, now);
                    Instant stale = now.minus(PIN_MAX);
                    PINNED.values().removeIf(t -> t.isBefore(stale)); // resources deleted while they waited
                }
            } else {
                PINNED.remove(asker);
            }
        }
    }
}
