package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One entry of the bounded rollout history. */
@JsonPropertyOrder({"time", "from", "to", "reason", "message"})
public record Transition(
        @JsonPropertyDescription("When the transition happened (RFC 3339, UTC).")
        String time,
        @JsonPropertyDescription("The state before: New, a phase, or Progressing or Paused with its step counted from 1 (Progressing step 2).")
        String from,
        @JsonPropertyDescription("The state after, in the same form.")
        String to,
        @JsonPropertyDescription("Why, as a CamelCase word to grep for.")
        String reason,
        @JsonPropertyDescription("What happened, for people.")
        String message) {
}
