package dev.missioncontrol.operator.api.v1alpha1;

/** What every gate has: a threshold and an optional PromQL override. */
public interface GateSpec {
    Double getThreshold();

    String getQuery();
}
