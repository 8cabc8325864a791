package dev.missioncontrol.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds standard Kubernetes conditions. lastTransitionTime changes only when a condition's status
 * changes, so an unchanged verdict produces an identical status and therefore no write.
 */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final List<Condition> previous;
    private final long observedGeneration;
    private final Clock clock;
    private final List<Condition> next = new ArrayList<>();

    public Conditions(List<Condition> previous, long observedGeneration, Clock clock) {
        this.previous = previous == null ? List.of() : previous;
        this.observedGeneration = observedGeneration;
        this.clock = clock;
    }

    public Conditions set(String type, boolean status, String reason, String message) {
        return set(type, status ? TRUE : FALSE, reason, message);
    }

    public Conditions set(String type, String status, String reason, String message) {
        String transition = find(previous, type)
                .filter(old -> Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        next.removeIf(c -> c.getType().equals(type));
        next.add(new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(transition)
                .build());
        return this;
    }

    /** Drops a condition set earlier in this build (an abnormal-true condition that no longer holds is absent, not False). */
    public Conditions remove(String type) {
        next.removeIf(c -> c.getType().equals(type));
        return this;
    }

    public List<Condition> build() {
        return List.copyOf(next);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
