package dev.missioncontrol.core.onboarding;

import java.util.List;
import java.util.Map;

/**
 * What a tenant asks a pack for: its id (a DNS label, the prefix of its namespaces), its cost centre (a label value),
 * the groups its people are in, the pack's parameters as strings, and its budget.
 */
public record RenderRequest(String tenantId, String costCentre, List<String> groups, Map<String, String> parameters, Budget budget) {

    public RenderRequest {
        groups = groups == null ? List.of() : List.copyOf(groups);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
