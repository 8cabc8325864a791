package dev.missioncontrol.operator.api.v1alpha1;

/** Where a CacheWarmExperiment stands: Running until one of the four ends. */
public enum ExperimentDecision {
    Running, Winner, NoDifference, Inconclusive, Invalid
}
