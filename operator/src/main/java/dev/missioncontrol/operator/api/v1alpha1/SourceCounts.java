package dev.missioncontrol.operator.api.v1alpha1;

/** How many sources the license table blended, demoted and blocked. */
public record SourceCounts(int blended, int demoted, int blocked) {
}
