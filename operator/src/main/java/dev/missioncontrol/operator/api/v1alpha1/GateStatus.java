package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The last measurement of one gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "verdict", "value", "threshold", "comparison", "message", "query", "measuredAt", "inconclusiveCause"})
public record GateStatus(String name, GateVerdictType verdict, Double value, Double threshold, String comparison,
        String message, String query, String measuredAt,
        @JsonPropertyDescription("Why the verdict is Inconclusive (NoData, QueryError, or AddressNotAllowed: the operator's allowlist refused the Prometheus address and sent nothing); absent otherwise.")
        InconclusiveCause inconclusiveCause) {

    public GateStatus(String name, GateVerdictType verdict, Double value, Double threshold, String comparison,
            String message, String query, String measuredAt) {
        this(name, verdict, value, threshold, comparison, message, query, measuredAt, null);
    }
}
