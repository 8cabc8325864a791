package dev.missioncontrol.operator.api.v1alpha1;

public enum ConnectPhase {
    Pending,
    Approved,
    Rejected,
    Connected,
    Revoked
}
