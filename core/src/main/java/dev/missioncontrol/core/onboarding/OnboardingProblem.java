package dev.missioncontrol.core.onboarding;

import java.util.Objects;

/**
 * One problem with an onboarding's input: the field or parameter it concerns (a path such as {@code parameters.tier}
 * or {@code budget.cpu}), a greppable CamelCase reason, and a message that says what to do.
 */
public record OnboardingProblem(String field, String reason, String message) implements Comparable<OnboardingProblem> {

    public OnboardingProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int compareTo(OnboardingProblem o) {
        int c = field.compareTo(o.field);
        return c != 0 ? c : reason.compareTo(o.reason);
    }

    @Override
    public String toString() {
        return field + ": " + reason + ": " + message;
    }
}
