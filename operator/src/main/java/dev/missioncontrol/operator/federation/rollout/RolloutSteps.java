package dev.missioncontrol.operator.federation.rollout;

import dev.missioncontrol.core.time.Durations;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The steps as they are run: counts capped at the cohort's size, and a final step enabling every tenant. */
public final class RolloutSteps {

    public record Step(int tenants, Duration pause) {
    }

    private RolloutSteps() {
    }

    public static List<Step> of(FederationCohortSpec spec) {
        int total = spec.getTenants().size();
        List<Step> steps = new ArrayList<>();
        List<RolloutStep> declared = spec.getRollout() == null || spec.getRollout().getSteps() == null
                ? List.of() : spec.getRollout().getSteps();
        for (RolloutStep s : declared) {
            int count = Math.min(s.getTenants(), total);
            Duration pause = s.getPause() == null ? Duration.ZERO : Durations.parse(s.getPause());
            if (!steps.isEmpty() && steps.get(steps.size() - 1).tenants() >= count) {
                continue; // capped to the same count as the previous step
            }
            steps.add(new Step(count, pause));
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1).tenants() < total) {
            steps.add(new Step(total, Duration.ZERO));
        }
        return steps;
    }
}
