package dev.missioncontrol.operator.prometheus;

import dev.missioncontrol.core.prometheus.PrometheusAddressPolicy;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryDispatcher;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.core.prometheus.UnreachableAddresses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Prometheus client every kind's reconciler uses: the allowlist from {@value PrometheusAddressPolicy#PROPERTY}
 * (docs/operations.md#outbound-requests), a 10 s timeout (a reconciliation in flight waits at most that long on
 * Prometheus, see the shutdown timeout) and the default response cap. An invalid allowlist stops the operator
 * at startup, naming the entry.
 * <p>
 * Inside a reconciliation that opened a {@link ReconcileQueries} pass, a query is not sent on the reconcile thread:
 * it goes to one {@link QueryDispatcher} shared by every kind ({@value #QUERY_THREADS_PROPERTY} threads, at most
 * {@value #PER_ADDRESS_PROPERTY} queries to one address at once), and the reconciliation is woken when it lands.
 */
public final class OperatorPrometheusClient {

    /** The condition reason of a kind whose Prometheus address the allowlist refuses. */
    public static final String ADDRESS_NOT_ALLOWED = "PrometheusAddressNotAllowed";
    /** Connect and request timeout of one query. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The allowlist when nothing is configured: in-cluster Services and loopback (make run, the tests). */
    public static final String DEFAULT_ALLOWED_ADDRESSES = "*.svc,*.svc.cluster.local,127.0.0.0/8,::1";

    /**
     * How long an address that could not be reached is answered from memory ({@link UnreachableAddresses}); 0s turns it
     * off (every query waits for its own timeout: how `make bench` measures the difference).
     */
    public static final String UNREACHABLE_HOLD_PROPERTY = "missioncontrol.prometheus.unreachable-hold";
    private static UnreachableAddresses unreachable;

    /** Threads the operator's Prometheus queries are sent on (default 8). */
    public static final String QUERY_THREADS_PROPERTY = "missioncontrol.prometheus.query-threads";
    /** Queries to one Prometheus address that may run at once (default 4); the others wait their turn in a queue. */
    public static final String PER_ADDRESS_PROPERTY = "missioncontrol.prometheus.per-address-concurrency";
    /** How long a landed answer waits for its reconciliation to take it. */
    static final Duration ANSWER_MAX_AGE = Duration.ofSeconds(60);
    private static QueryDispatcher dispatcher;

    private OperatorPrometheusClient() {
    }

    public static PrometheusClient create() {
        return new Dispatching(allowlist());
    }

    private static PrometheusAddressPolicy allowlist() {
        String entries = ConfigProvider.getConfig().getOptionalValue(PrometheusAddressPolicy.PROPERTY, String.class)
                .orElse(DEFAULT_ALLOWED_ADDRESSES);
        return PrometheusAddressPolicy.parse(entries);
    }

    /** The one dispatcher every kind's queries go through. */
    static synchronized QueryDispatcher dispatcher() {
        if (dispatcher == null) {
            var config = ConfigProvider.getConfig();
            int threads = config.getOptionalValue(QUERY_THREADS_PROPERTY, Integer.class).orElse(8);
            int perAddress = config.getOptionalValue(PER_ADDRESS_PROPERTY, Integer.class).orElse(4);
            if (threads < 1 || perAddress < 1) {
                throw new IllegalArgumentException(QUERY_THREADS_PROPERTY + " and " + PER_ADDRESS_PROPERTY
                        + " must be at least 1, got " + threads + " and " + perAddress);
            }
            var sender = new PrometheusClient(TIMEOUT, allowlist(), PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES, unreachable());
            var count = new AtomicInteger();
            var pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "prometheus-query-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            dispatcher = new QueryDispatcher(q -> sender.query(q.address(), q.promql(), q.at()), pool, perAddress,
                    ANSWER_MAX_AGE, Clock.systemUTC());
        }
        return dispatcher;
    }

    /**
     * Sends on the calling thread outside a reconciliation's pass (and for an address the allowlist refuses: no request
     * is sent then); inside one, asks the dispatcher.
     */
    private static final class Dispatching extends PrometheusClient {
        Dispatching(PrometheusAddressPolicy policy) {
            super(TIMEOUT, policy, PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES, unreachable());
        }

        @Override
        public QueryResult query(String address, String promql, Instant at) {
            var pass = ReconcileQueries.current();
            if (pass == null || policy().refusal(address).isPresent()) {
                return super.query(address, promql, at);
            }
            return pass.ask(dispatcher(), new QueryDispatcher.Query(address, promql, at));
        }
    }

    /**
     * Addresses that could not be reached, one register shared by every kind's client: while one is held down,
     * queries to it are answered with its last failure at once, so resources pointing at a dead Prometheus do not hold
     * the reconcile threads that every other resource shares. Null when the hold is 0s.
     */
    static synchronized UnreachableAddresses unreachable() {
        if (unreachable == null) {
            Duration hold = ConfigProvider.getConfig().getOptionalValue(UNREACHABLE_HOLD_PROPERTY, Duration.class)
                    .orElse(UnreachableAddresses.DEFAULT_HOLD);
            if (hold.isNegative() || hold.isZero()) {
                return null;
            }
            unreachable = new UnreachableAddresses(Clock.systemUTC(), hold);
        }
        return unreachable;
    }
}
