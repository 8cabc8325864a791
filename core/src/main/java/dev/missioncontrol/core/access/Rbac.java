package dev.missioncontrol.core.access;

import java.util.List;
import java.util.Map;

/**
 * The RBAC objects an access review walks, as plain data (no Kubernetes client here): what mcctl reads from the API
 * server and the walk decides over.
 */
public final class Rbac {

    private Rbac() {
    }

    public static final String ROLE = "Role";
    public static final String CLUSTER_ROLE = "ClusterRole";
    public static final String ROLE_BINDING = "RoleBinding";
    public static final String CLUSTER_ROLE_BINDING = "ClusterRoleBinding";
    public static final String USER = "User";
    public static final String GROUP = "Group";
    public static final String SERVICE_ACCOUNT = "ServiceAccount";

    /** One PolicyRule; resources may name a subresource ("pods/exec") or "*"; empty resourceNames means every object. */
    public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> resourceNames) {
        public Rule {
            apiGroups = List.copyOf(apiGroups == null ? List.of() : apiGroups);
            resources = List.copyOf(resources == null ? List.of() : resources);
            verbs = List.copyOf(verbs == null ? List.of() : verbs);
            resourceNames = List.copyOf(resourceNames == null ? List.of() : resourceNames);
        }
    }

    /**
     * A Role (namespace set) or ClusterRole (namespace null). {@code aggregationSelectors} are the matchLabels of a
     * ClusterRole's aggregationRule: its rules are the union of the ClusterRoles whose labels match any of them.
     */
    public record Role(String kind, String namespace, String name, Map<String, String> labels, List<Rule> rules,
            List<Map<String, String>> aggregationSelectors) {
        public Role {
            labels = Map.copyOf(labels == null ? Map.of() : labels);
            rules = List.copyOf(rules == null ? List.of() : rules);
            aggregationSelectors = aggregationSelectors == null ? List.of() : List.copyOf(aggregationSelectors);
        }

        public boolean aggregated() {
            return !aggregationSelectors.isEmpty();
        }
    }

    /** A subject of a binding; {@code namespace} only for a ServiceAccount. */
    public record Subject(String kind, String name, String namespace) {

        /** The user name the API server authenticates this subject as (a ServiceAccount's is system:serviceaccount:NS:NAME). */
        public String userName() {
            return SERVICE_ACCOUNT.equals(kind) ? "system:serviceaccount:" + namespace + ":" + name : name;
        }

        public String display() {
            return SERVICE_ACCOUNT.equals(kind) ? kind + ":" + namespace + "/" + name : kind + ":" + name;
        }
    }

    /** A RoleBinding (namespace set) or ClusterRoleBinding (namespace null). */
    public record Binding(String kind, String namespace, String name, String roleRefKind, String roleRefName, List<Subject> subjects) {
        public Binding {
            subjects = List.copyOf(subjects == null ? List.of() : subjects);
        }

        public String display() {
            return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
        }
    }
}
