package dev.missioncontrol.operator.analysis;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the Prometheus a resource names answered as a Prometheus, decided from the errors of the queries one
 * reconciliation made. Every kind that queries Prometheus reports it the same way: the condition
 * {@value #CONDITION} (False with reason {@code PrometheusUnreachable}, {@code NotPrometheus} or
 * {@code PrometheusAddressNotAllowed}, naming the address and the field that sets it) and one Warning Event with the same reason when it turns False, not one per query or per
 * interval. A query Prometheus itself rejected (bad PromQL, no single series) says nothing about the address: the gate
 * or figure that ran it reports it.
 */
public record PrometheusReachability(Verdict verdict, String address, String field, String detail) {

    public static final String CONDITION = "PrometheusReachable";

    /** How the core client words a query the allowlist refused (QueryResult.Failure.AddressNotAllowed). */
    static final String NO_REQUEST_SENT = "no request sent: ";

    public enum Verdict {
        /** At least one query was answered by a Prometheus. */
        REACHABLE("PrometheusReachable"),
        /** Connection refused, timed out, unknown host, an address that is not a URL. */
        UNREACHABLE("PrometheusUnreachable"),
        /** Something answered, but not with the Prometheus HTTP API. */
        NOT_PROMETHEUS("NotPrometheus"),
        /** The operator's allowlist refused the address: no request was sent (docs/operations.md#outbound-requests). */
        ADDRESS_NOT_ALLOWED(OperatorPrometheusClient.ADDRESS_NOT_ALLOWED),
        /** No query was made this time: the condition stays as it was. */
        NOT_QUERIED(null);

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param address     the Prometheus address from the spec
     * @param field       the spec field that sets it, for the message (for example spec.prometheus.address)
     * @param queryErrors the errors of this reconciliation's queries (QueryResult.error, or a gate's query error)
     * @param queried     whether any query was made at all
     */
    public static PrometheusReachability of(String address, String field, Collection<String> queryErrors, boolean queried) {
        if (!queried) {
            return new PrometheusReachability(Verdict.NOT_QUERIED, address, field, null);
        }
        for (String error : queryErrors) {
            Verdict v = classify(error);
            if (v != Verdict.REACHABLE) {
                return new PrometheusReachability(v, address, field, detail(error));
            }
        }
        return new PrometheusReachability(Verdict.REACHABLE, address, field, null);
    }

    /** The same from the query results themselves. */
    public static PrometheusReachability ofResults(String address, String field, Collection<QueryResult> results) {
        return of(address, field, results.stream().map(QueryResult::error).filter(e -> e != null).toList(), !results.isEmpty());
    }

    /** What one query's error says about the address (the wording is the core PrometheusClient's). */
    static Verdict classify(String error) {
        if (error == null) {
            return Verdict.REACHABLE;
        }
        if (error.contains(NO_REQUEST_SENT)) {
            return Verdict.ADDRESS_NOT_ALLOWED;
        }
        if (error.contains(" unreachable") || error.startsWith("invalid Prometheus address")) {
            return Verdict.UNREACHABLE;
        }
        if (error.contains("not a Prometheus API response") || error.matches("(?s)(query failed: )?HTTP \\d+ : .*")) {
            return Verdict.NOT_PROMETHEUS; // no JSON, or JSON without Prometheus's errorType
        }
        return Verdict.REACHABLE;
    }

    private static String detail(String error) {
        int refused = error.indexOf(NO_REQUEST_SENT);
        if (refused >= 0) {
            return error.substring(refused + NO_REQUEST_SENT.length());
        }
        int colon = error.indexOf(" unreachable: ");
        return colon >= 0 ? error.substring(colon + " unreachable: ".length()) : error.replaceFirst("^query failed: ", "");
    }

    /** Sets the condition; a reconciliation that made no query keeps the one before. */
    public void setOn(Conditions conditions, List<Condition> previous) {
        switch (verdict) {
            case REACHABLE -> conditions.set(CONDITION, true, verdict.reason(), "Prometheus at " + address + " answers queries.");
            case UNREACHABLE -> conditions.set(CONDITION, false, verdict.reason(), "Prometheus at " + address + " is unreachable ("
                    + detail + "): check " + field + " and that Prometheus runs there and accepts connections from the operator.");
            case NOT_PROMETHEUS -> conditions.set(CONDITION, false, verdict.reason(), "The server at " + address
                    + " does not answer with the Prometheus HTTP API (" + detail + "): check that " + field
                    + " is Prometheus's base URL (for example http://prometheus.monitoring:9090), with no path such as /graph.");
            case ADDRESS_NOT_ALLOWED -> conditions.set(CONDITION, false, verdict.reason(), field + ": no request sent: " + detail);
            case NOT_QUERIED -> Conditions.find(previous, CONDITION)
                    .ifPresent(c -> conditions.set(CONDITION, c.getStatus(), c.getReason(), c.getMessage()));
        }
    }

    /** One Warning Event when the condition turns False (or changes why), none while it stays so. */
    public Optional<PlannedEvent> event(List<Condition> previous) {
        if (verdict == Verdict.REACHABLE || verdict == Verdict.NOT_QUERIED) {
            return Optional.empty();
        }
        boolean alreadyReported = Conditions.find(previous, CONDITION)
                .map(c -> Conditions.FALSE.equals(c.getStatus()) && verdict.reason().equals(c.getReason())).orElse(false);
        if (alreadyReported) {
            return Optional.empty();
        }
        var conditions = new Conditions(List.of(), 0, java.time.Clock.systemUTC());
        setOn(conditions, List.of());
        return Optional.of(PlannedEvent.warning(verdict.reason(), conditions.build().get(0).getMessage()));
    }
}
