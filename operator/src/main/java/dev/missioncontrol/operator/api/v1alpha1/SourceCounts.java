package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many sources the license table blended, demoted and blocked. */
public record SourceCounts(
        @JsonPropertyDescription("Sources blended into federated results (0 or more).")
        int blended,
        @JsonPropertyDescription("Sources kept but ranked down by their license clause (0 or more).")
        int demoted,
        @JsonPropertyDescription("Sources excluded by their license clause (0 or more).")
        int blocked) {
}
