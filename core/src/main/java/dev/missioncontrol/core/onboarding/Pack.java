package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An onboarding pack: what a tenant gets, as templates, and the parameters it takes with their schema. Strings in
 * {@link #featureFlags}, {@link #meteringPlan} and every string of {@link #searchSlo} may use placeholders
 * {@code ${tenantId}}, {@code ${costCentre}} and {@code ${<parameter>}}.
 *
 * @param name the pack's name
 * @param version the pack's version (recorded in the evidence)
 * @param parameters the schema of each parameter the pack takes, by name
 * @param namespaces the namespaces the tenant gets, {@code <tenantId>-<suffix>}; the first listed is the home namespace
 * @param minimumPerNamespace the least budget every namespace needs (a smaller budget is refused)
 * @param limitRange container defaults in every namespace (so pods without requests still fit the quota); null: none
 * @param podSecurity the Pod Security admission level each namespace enforces (restricted, baseline); null: none
 * @param isolateNetwork when true, each namespace admits ingress only from the tenant's own namespaces
 * @param groupClusterRoles the ClusterRoles the tenant's groups are bound to in every namespace
 * @param featureFlags the flag keys turned on for the tenant at go-live
 * @param searchSlo the SearchSLO spec created in the home namespace; null: none
 * @param meteringPlan the metering plan of the tenant's metering entry
 * @param workloads further objects the tenant gets (a Deployment, a Pod, a ConfigMap...), each a manifest template placed
 *        in one of the pack's namespaces; every string may use the placeholders
 */
public record Pack(String name, String version, Map<String, ParameterSchema> parameters, List<NamespaceTemplate> namespaces,
        Budget minimumPerNamespace, LimitRangeTemplate limitRange, String podSecurity, boolean isolateNetwork,
        List<String> groupClusterRoles, List<String> featureFlags, JsonNode searchSlo, String meteringPlan, List<WorkloadTemplate> workloads) {

    public Pack {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        groupClusterRoles = groupClusterRoles == null ? List.of() : List.copyOf(groupClusterRoles);
        featureFlags = featureFlags == null ? List.of() : List.copyOf(featureFlags);
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
    }

    /** A pack without workload templates. */
    public Pack(String name, String version, Map<String, ParameterSchema> parameters, List<NamespaceTemplate> namespaces,
            Budget minimumPerNamespace, LimitRangeTemplate limitRange, String podSecurity, boolean isolateNetwork,
            List<String> groupClusterRoles, List<String> featureFlags, JsonNode searchSlo, String meteringPlan) {
        this(name, version, parameters, namespaces, minimumPerNamespace, limitRange, podSecurity, isolateNetwork, groupClusterRoles,
                featureFlags, searchSlo, meteringPlan, List.of());
    }

    /**
     * A namespaced object the tenant gets: a manifest (apiVersion, kind, metadata.name, and the rest) placed in
     * {@code <tenantId>-<namespaceSuffix>}; the renderer sets its namespace and the tenant and pack labels.
     */
    public record WorkloadTemplate(String namespaceSuffix, JsonNode manifest) {
    }

    /** One namespace: {@code <tenantId>-<suffix>}, and its weight in the budget split (at least 1). */
    public record NamespaceTemplate(String suffix, int weight) {
    }

    /** A LimitRange's container defaults: limits and requests as Kubernetes quantities, by resource name. */
    public record LimitRangeTemplate(Map<String, String> defaultLimits, Map<String, String> defaultRequests) {

        public LimitRangeTemplate {
            defaultLimits = defaultLimits == null ? Map.of() : Map.copyOf(defaultLimits);
            defaultRequests = defaultRequests == null ? Map.of() : Map.copyOf(defaultRequests);
        }
    }

    /**
     * A parameter's schema. Values are given as strings and read as {@code type}: string, integer or boolean.
     *
     * @param type string, integer or boolean
     * @param required true when the tenant must give it (a default also satisfies it)
     * @param enumValues the allowed values; empty: any
     * @param minimum the least integer allowed (integer only); null: none
     * @param maximum the largest integer allowed (integer only); null: none
     * @param pattern a regular expression the whole value must match (string only); null: any
     * @param defaultValue used when the tenant gives none; null: none
     */
    public record ParameterSchema(String type, boolean required, List<String> enumValues, Long minimum, Long maximum,
            String pattern, String defaultValue) {

        public ParameterSchema {
            enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        }
    }
}
