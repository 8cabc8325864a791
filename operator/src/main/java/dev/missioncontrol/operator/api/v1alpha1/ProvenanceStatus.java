package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The head of a cohort's signed plan chain (ConfigMaps {@code <cohort>-plan-<seq>}). */
public record ProvenanceStatus(
        @JsonPropertyDescription("sha256 of the canonical JSON of the newest plan statement envelope (what the next statement's previous names).")
        String headDigest,
        @JsonPropertyDescription("Number of plan statements in the chain (the newest is <cohort>-plan-<count>).")
        long count) {
}
