package dev.missioncontrol.core.onboarding;

import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's budget as written in a spec: pods, CPU, memory and storage as Kubernetes quantities, and metering units
 * per month. {@link #amounts} turns it into exact integers or names every field that is wrong.
 */
public record Budget(long pods, String cpu, String memory, String storage, long meteringUnitsPerMonth) {

    /** The budget in exact units, or the problems (one per field) when a field is not a quantity. */
    public Amounts.Parsed amounts(String fieldPrefix) {
        List<OnboardingProblem> problems = new ArrayList<>();
        if (pods < 0) {
            problems.add(new OnboardingProblem(fieldPrefix + ".pods", "InvalidBudget", "is negative; write a pod count of 0 or more"));
        }
        if (meteringUnitsPerMonth < 0) {
            problems.add(new OnboardingProblem(fieldPrefix + ".meteringUnitsPerMonth", "InvalidBudget",
                    "is negative; write a unit count of 0 or more"));
        }
        long cpuMillis = parse(fieldPrefix + ".cpu", cpu, true, problems);
        long memoryBytes = parse(fieldPrefix + ".memory", memory, false, problems);
        long storageBytes = parse(fieldPrefix + ".storage", storage, false, problems);
        return new Amounts.Parsed(problems.isEmpty() ? new Amounts(pods, cpuMillis, memoryBytes, storageBytes, meteringUnitsPerMonth) : null,
                List.copyOf(problems));
    }

    private static long parse(String field, String value, boolean cpu, List<OnboardingProblem> problems) {
        try {
            return cpu ? Quantities.millis(value) : Quantities.bytes(value);
        } catch (IllegalArgumentException e) {
            problems.add(new OnboardingProblem(field, "InvalidBudget", e.getMessage()));
            return 0;
        }
    }
}
