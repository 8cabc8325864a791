package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One entry of the bounded rollout history. */
@JsonPropertyOrder({"time", "from", "to", "reason", "message"})
public record Transition(String time, String from, String to, String reason, String message) {
}
