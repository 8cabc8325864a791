package dev.missioncontrol.core.prometheus;

/** One instant query's outcome: a single number, no data (with a note), or an error. */
public record QueryResult(Double value, String note, String error) {

    public static QueryResult value(double v) {
        return new QueryResult(v, null, null);
    }

    public static QueryResult noData(String note) {
        return new QueryResult(null, note, null);
    }

    public static QueryResult error(String error) {
        return new QueryResult(null, null, error);
    }
}
