package dev.missioncontrol.operator.api.v1alpha1;

/** What a license clause does to a source, from least to most restrictive. */
public enum BlendDecision {
    Blend,
    Demote,
    Block
}
