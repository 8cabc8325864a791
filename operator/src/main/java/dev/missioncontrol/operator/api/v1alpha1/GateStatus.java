package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The last measurement of one gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "verdict", "value", "threshold", "comparison", "message", "query", "measuredAt", "inconclusiveCause"})
public record GateStatus(
        @JsonPropertyDescription("The gate: latency, complaints or ctrUplift.")
        String name,
        @JsonPropertyDescription("Passed, Failed or Inconclusive (no number to judge: see inconclusiveCause).")
        GateVerdictType verdict,
        @JsonPropertyDescription("The measured value, in the gate's unit: seconds for latency, a ratio (0.015 = 1.5 %) for complaints and "
                + "ctrUplift; rounded to 6 decimals; absent when Inconclusive.")
        Double value,
        @JsonPropertyDescription("The threshold the value was compared with, in the same unit.")
        Double threshold,
        @JsonPropertyDescription("How value is compared with threshold to pass: <= (at most), < (below) or >= (at least).")
        String comparison,
        @JsonPropertyDescription("The verdict for people, with the value and threshold in their units.")
        String message,
        @JsonPropertyDescription("The PromQL sent to Prometheus, placeholders filled.")
        String query,
        @JsonPropertyDescription("When the query ran (RFC 3339, UTC).")
        String measuredAt,
        @JsonPropertyDescription("Why the verdict is Inconclusive (NoData, QueryError, or AddressNotAllowed: the operator's allowlist refused the Prometheus address and sent nothing); absent otherwise.")
        InconclusiveCause inconclusiveCause) {

    public GateStatus(String name, GateVerdictType verdict, Double value, Double threshold, String comparison,
            String message, String query, String measuredAt) {
        this(name, verdict, value, threshold, comparison, message, query, measuredAt, null);
    }
}
