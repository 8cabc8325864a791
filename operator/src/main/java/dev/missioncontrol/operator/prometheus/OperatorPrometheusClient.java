package dev.missioncontrol.operator.prometheus;

import dev.missioncontrol.core.prometheus.PrometheusAddressPolicy;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.UnreachableAddresses;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Prometheus client every kind's reconciler uses: the allowlist from {@value PrometheusAddressPolicy#PROPERTY}
 * (docs/operations.md#outbound-requests), a 10 s timeout (a reconciliation in flight waits at most that long on
 * Prometheus, see the shutdown timeout) and the default response cap. An invalid allowlist stops the operator
 * at startup, naming the entry.
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

    private OperatorPrometheusClient() {
    }

    public static PrometheusClient create() {
        String entries = ConfigProvider.getConfig().getOptionalValue(PrometheusAddressPolicy.PROPERTY, String.class)
                .orElse(DEFAULT_ALLOWED_ADDRESSES);
        return new PrometheusClient(TIMEOUT, PrometheusAddressPolicy.parse(entries), PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES,
                unreachable());
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
