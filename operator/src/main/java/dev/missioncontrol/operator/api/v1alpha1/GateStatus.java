package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The last measurement of one gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "verdict", "value", "threshold", "comparison", "message", "query", "measuredAt"})
public record GateStatus(String name, GateVerdictType verdict, Double value, Double threshold, String comparison,
        String message, String query, String measuredAt) {
}
