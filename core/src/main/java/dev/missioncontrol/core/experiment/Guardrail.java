package dev.missioncontrol.core.experiment;

/**
 * An arm's guardrails as measured: its p95 latency against the control's, and what its warmer sent per hour against
 * the arm's budget. A guardrail without data is unknown: it neither breaches nor holds, and a winner needs both to hold.
 *
 * @param arm the arm
 * @param p95Seconds the arm's p95 search latency, null without data
 * @param controlP95Seconds the control's p95 search latency, null without data
 * @param latencyMargin how much slower than control the arm may be, as a fraction (0.10: 10 % slower at most)
 * @param warmerQueriesPerHour what the arm's warmer sent over the last hour, null without data (0 for the control)
 * @param queryBudgetPerHour the most the arm's warmer may send per hour
 */
public record Guardrail(String arm, Double p95Seconds, Double controlP95Seconds, double latencyMargin,
        Double warmerQueriesPerHour, long queryBudgetPerHour) {

    /** The state of one guardrail. */
    public enum State {
        Holds, Breached, NoData
    }

    public State latency() {
        if (p95Seconds == null || controlP95Seconds == null || p95Seconds.isNaN() || controlP95Seconds.isNaN()) {
            return State.NoData;
        }
        return p95Seconds > controlP95Seconds * (1 + latencyMargin) ? State.Breached : State.Holds;
    }

    public State queryBudget() {
        if (warmerQueriesPerHour == null || warmerQueriesPerHour.isNaN()) {
            return State.NoData;
        }
        return warmerQueriesPerHour > queryBudgetPerHour ? State.Breached : State.Holds;
    }

    public boolean breached() {
        return latency() == State.Breached || queryBudget() == State.Breached;
    }

    public boolean holds() {
        return latency() == State.Holds && queryBudget() == State.Holds;
    }

    /** Why the arm was stopped, for a person: which guardrail and by how much. */
    public String breachMessage() {
        StringBuilder m = new StringBuilder();
        if (latency() == State.Breached) {
            m.append(String.format(java.util.Locale.ROOT, "p95 latency %.3fs is more than %.0f %% above control's %.3fs",
                    p95Seconds, latencyMargin * 100, controlP95Seconds));
        }
        if (queryBudget() == State.Breached) {
            if (m.length() > 0) {
                m.append("; ");
            }
            m.append(String.format(java.util.Locale.ROOT, "the warmer sent %.0f queries in the last hour, above its budget of %d",
                    warmerQueriesPerHour, queryBudgetPerHour));
        }
        return m.toString();
    }
}
