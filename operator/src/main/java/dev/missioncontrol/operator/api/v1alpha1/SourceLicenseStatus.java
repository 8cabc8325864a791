package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One index's license text as the operator last checked it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "state", "pinnedSha256", "observedSha256", "rawSha256", "message"})
public record SourceLicenseStatus(
        @JsonPropertyDescription("The index name in spec.search.indexes.")
        String index,
        @JsonPropertyDescription("Verified, Drift, Missing or Unpinned.")
        LicenseState state,
        @JsonPropertyDescription("The pin the text was compared with (normalised-text SHA-256), from textSha256 or the LicenseRegistry.")
        String pinnedSha256,
        @JsonPropertyDescription("SHA-256 of the normalised text as read now.")
        String observedSha256,
        @JsonPropertyDescription("SHA-256 of the raw text bytes as read now.")
        String rawSha256,
        @JsonPropertyDescription("What was found and, when something needs doing, what to do.")
        String message) {
}
