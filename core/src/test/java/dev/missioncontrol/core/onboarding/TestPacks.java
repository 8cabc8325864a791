package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.util.List;
import java.util.Map;

/** The packs and requests the onboarding unit tests share. */
final class TestPacks {

    private TestPacks() {
    }

    static Pack standard() {
        JsonNode slo;
        try {
            slo = CanonicalJson.MAPPER.readTree("{\"service\":\"search-${tenantId}\",\"objective\":99.5,\"period\":\"28d\","
                    + "\"sli\":{\"ratio\":{\"good\":\"good{tenant=\\\"${tenantId}\\\",tier=\\\"${tier}\\\"}\",\"total\":\"all{tenant=\\\"${tenantId}\\\"}\"}}}");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Pack("standard", "1.2.0",
                Map.of("tier", new Pack.ParameterSchema("string", true, List.of("bronze", "silver", "gold"), null, null, null, null),
                        "replicas", new Pack.ParameterSchema("integer", false, List.of(), 1L, 5L, null, "2"),
                        "region", new Pack.ParameterSchema("string", false, List.of(), null, null, "^[a-z]{2}-[a-z]+$", null),
                        "beta", new Pack.ParameterSchema("boolean", false, List.of(), null, null, null, "false")),
                List.of(new Pack.NamespaceTemplate("web", 1), new Pack.NamespaceTemplate("api", 1)),
                new Budget(1, "100m", "128Mi", "0", 0),
                new Pack.LimitRangeTemplate(Map.of("memory", "256Mi", "cpu", "500m"), Map.of("cpu", "100m", "memory", "128Mi")),
                "restricted", true, List.of("view", "edit"), List.of("search-${tier}", "onboarded"), slo, "${tier}-monthly");
    }

    static RenderRequest request() {
        return new RenderRequest("t1", "cc-4711", List.of("t1-devs", "t1-admins"), Map.of("tier", "gold"),
                new Budget(10, "4", "8Gi", "100Gi", 1000));
    }
}
