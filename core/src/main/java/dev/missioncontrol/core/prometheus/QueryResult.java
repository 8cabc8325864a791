package dev.missioncontrol.core.prometheus;

/**
 * One instant query's outcome: a single number, no data (with a note), or an error. An error carries its typed
 * failure, so callers choose a condition's reason from it, never from the message's wording.
 */
public record QueryResult(Double value, String note, String error, Failure failure) {

    /** Why a query gave no answer. */
    public enum Failure {
        /** The address is not in the operator's allowlist: no request was sent. */
        AddressNotAllowed,
        /** Prometheus answered with a redirect, which the client never follows. */
        Redirected,
        /** The response was larger than the client reads. */
        ResponseTooLarge,
        /** Prometheus could not be reached, or did not answer in time. */
        Unreachable,
        /** Prometheus answered, but with an error or not as the Prometheus API does. */
        QueryFailed,
        /**
         * Not answered yet: the query is on its way on the operator's query threads ({@code QueryDispatcher}). A
         * reconciliation that gets this decides nothing and is woken when the answer lands; it never reaches a status.
         */
        Pending
    }

    public static QueryResult value(double v) {
        return new QueryResult(v, null, null, null);
    }

    public static QueryResult noData(String note) {
        return new QueryResult(null, note, null, null);
    }

    public static QueryResult error(String error) {
        return error(Failure.QueryFailed, error);
    }

    public static QueryResult error(Failure failure, String error) {
        return new QueryResult(null, null, error, failure);
    }
}
