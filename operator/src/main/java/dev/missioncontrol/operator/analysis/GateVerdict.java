package dev.missioncontrol.operator.analysis;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;

/** Turns one query result into a gate's verdict. No data and query errors are Inconclusive, never Passed. */
public final class GateVerdict {

    private GateVerdict() {
    }

    public static GateStatus evaluate(GateDefinition gate, double threshold, String query, QueryResult result, String measuredAt) {
        String comparison = gate.comparison().symbol();
        if (result.error() != null) {
            InconclusiveCause cause = result.failure() == QueryResult.Failure.AddressNotAllowed
                    ? InconclusiveCause.AddressNotAllowed : InconclusiveCause.QueryError;
            return new GateStatus(gate.name(), GateVerdictType.Inconclusive, null, threshold, comparison,
                    "query failed: " + result.error(), query, measuredAt, cause);
        }
        if (result.value() == null || result.value().isNaN() || result.value().isInfinite()) {
            return new GateStatus(gate.name(), GateVerdictType.Inconclusive, null, threshold, comparison,
                    "no data: " + (result.note() == null ? "the query returned nothing" : result.note())
                            + "; check that the gateway's metrics are scraped", query, measuredAt, InconclusiveCause.NoData);
        }
        double value = result.value();
        boolean passed = gate.passes(value, threshold);
        String message = gate.format().value(value) + (passed ? " is within " : " breaches ") + gate.bound(threshold);
        return new GateStatus(gate.name(), passed ? GateVerdictType.Passed : GateVerdictType.Failed, round(value),
                threshold, comparison, message, query, measuredAt, null);
    }

    /** Six significant decimals keep status stable and readable. */
    static double round(double value) {
        return Math.round(value * 1_000_000d) / 1_000_000d;
    }
}
