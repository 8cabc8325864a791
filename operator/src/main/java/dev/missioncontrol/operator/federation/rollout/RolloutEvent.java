package dev.missioncontrol.operator.federation.rollout;

/** A Kubernetes Event the rollout wants recorded. */
public record RolloutEvent(boolean warning, String reason, String message) {

    public static RolloutEvent normal(String reason, String message) {
        return new RolloutEvent(false, reason, message);
    }

    public static RolloutEvent warning(String reason, String message) {
        return new RolloutEvent(true, reason, message);
    }
}
