package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.audit.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;

/** Turns one query result into a gate's verdict. No data and query errors are Inconclusive, never Passed. */
public final class GateVerdict {

    private GateVerdict() {
    }

    public static GateStatus evaluate(Gate gate, double threshold, String query, QueryResult result, String measuredAt) {
        String bound = gate.comparison() + " " + gate.formatThreshold(threshold);
        if (result.error() != null) {
            return new GateStatus(gate.gateName(), GateVerdictType.Inconclusive, null, threshold, gate.comparison(),
                    "query failed: " + result.error(), query, measuredAt);
        }
        if (result.value() == null || result.value().isNaN() || result.value().isInfinite()) {
            return new GateStatus(gate.gateName(), GateVerdictType.Inconclusive, null, threshold, gate.comparison(),
                    "no data: " + (result.note() == null ? "the query returned nothing" : result.note())
                            + "; check that the gateway's metrics are scraped", query, measuredAt);
        }
        double value = result.value();
        boolean passed = gate.passes(value, threshold);
        String message = gate.format(value) + (passed ? " is within " : " breaches ") + bound;
        return new GateStatus(gate.gateName(), passed ? GateVerdictType.Passed : GateVerdictType.Failed, round(value),
                threshold, gate.comparison(), message, query, measuredAt);
    }

    /** Six significant decimals keep status stable and readable. */
    static double round(double value) {
        return Math.round(value * 1_000_000d) / 1_000_000d;
    }
}
