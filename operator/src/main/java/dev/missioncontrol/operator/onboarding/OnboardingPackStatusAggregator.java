package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.Budget;
import dev.missioncontrol.core.onboarding.OnboardingProblem;
import dev.missioncontrol.core.onboarding.Pack;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.core.onboarding.RenderRequest;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackStatus;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The status of an OnboardingPack: Ready when its own fields render; InvalidPack names each broken field. Pure. */
public final class OnboardingPackStatusAggregator {

    /** A tenant that passes every check of its own, so only the pack's problems remain. */
    static final String PROBE_TENANT = "probe";

    private OnboardingPackStatusAggregator() {
    }

    public static OnboardingPackStatus build(OnboardingPack resource, Pack pack, int tenants, Clock clock) {
        var conditions = StatusAggregation.conditions(resource, resource.getStatus(), clock);
        var next = new OnboardingPackStatus();
        next.setTenants(tenants);
        List<OnboardingProblem> problems = packProblems(pack);
        Readiness readiness = problems.isEmpty()
                ? Readiness.ready("Valid", "The pack renders: " + pack.namespaces().size() + " namespace(s), " + pack.workloads().size()
                        + " workload(s), " + pack.featureFlags().size() + " flag(s).")
                : Readiness.stalled(problems.get(0).reason(), problems.stream().map(OnboardingProblem::toString)
                        .collect(Collectors.joining("; ")) + "; fix the pack (spec." + problems.get(0).field().replaceFirst("^pack\\.", "") + ")");
        return StatusAggregation.complete(resource, next, conditions, AlertRules.NONE, readiness);
    }

    /** The problems of the pack itself: rendered for a probe tenant with every required parameter given and a huge budget. */
    static List<OnboardingProblem> packProblems(Pack pack) {
        Map<String, String> parameters = new TreeMap<>();
        pack.parameters().forEach((name, schema) -> {
            if (schema.defaultValue() == null) {
                parameters.put(name, probeValue(schema));
            }
        });
        var request = new RenderRequest(PROBE_TENANT, "probe", List.of("probe"), parameters,
                new Budget(1_000_000, "1000000", "1000Ti", "1000Ti", 1_000_000_000L));
        return PackRenderer.render(pack, request).problems().stream()
                .filter(p -> p.field().startsWith("pack.")).toList();
    }

    private static String probeValue(Pack.ParameterSchema s) {
        if (!s.enumValues().isEmpty()) {
            return s.enumValues().get(0);
        }
        return switch (s.type() == null ? "string" : s.type()) {
            case "integer" -> String.valueOf(s.minimum() != null ? s.minimum() : s.maximum() != null ? Math.min(0, s.maximum()) : 0);
            case "boolean" -> "false";
            default -> "probe";
        };
    }
}
