package dev.missioncontrol.operator.events;

/**
 * A Kubernetes Event a planner decided to record: Normal or Warning, a CamelCase reason a person can grep, and
 * a message that says what happened. Planners return them; the reconciler records them after the status write.
 */
public record PlannedEvent(boolean warning, String reason, String message) {

    public static PlannedEvent normal(String reason, String message) {
        return new PlannedEvent(false, reason, message);
    }

    public static PlannedEvent warning(String reason, String message) {
        return new PlannedEvent(true, reason, message);
    }
}
