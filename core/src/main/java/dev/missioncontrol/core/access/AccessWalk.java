package dev.missioncontrol.core.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The RBAC walk: which rows (subject, verb, group/resource, namespace) the Roles, ClusterRoles (aggregated ones
 * included) and their bindings grant, one namespace at a time, so a large scope never holds more than one namespace's
 * rows. The cluster-wide objects (ClusterRoles, ClusterRoleBindings) are held once. Pure: no I/O.
 */
public final class AccessWalk {

    private final AccessScope scope;
    private final Map<String, Rbac.Role> clusterRoles;
    private final List<Rbac.Binding> clusterBindings;
    private final BiPredicate<String, String> serviceAccountExists;
    private final Map<String, List<Rbac.Rule>> effective = new HashMap<>();

    /**
     * @param serviceAccountExists whether the ServiceAccount (namespace, name) exists now
     */
    public AccessWalk(AccessScope scope, Collection<Rbac.Role> clusterRoles, List<Rbac.Binding> clusterBindings,
            BiPredicate<String, String> serviceAccountExists) {
        this.scope = scope;
        this.clusterRoles = new HashMap<>();
        clusterRoles.forEach(r -> this.clusterRoles.put(r.name(), r));
        this.clusterBindings = List.copyOf(clusterBindings);
        this.serviceAccountExists = serviceAccountExists;
    }

    /** The rules a ClusterRole grants: its own, and for an aggregated one those of every ClusterRole it selects (transitively). */
    public List<Rbac.Rule> clusterRoleRules(String name) {
        return effective.computeIfAbsent(name, n -> {
            Set<Rbac.Rule> rules = new LinkedHashSet<>();
            collect(n, rules, new java.util.HashSet<>());
            return List.copyOf(rules);
        });
    }

    private void collect(String name, Set<Rbac.Rule> into, Set<String> visited) {
        Rbac.Role role = clusterRoles.get(name);
        if (role == null || !visited.add(name)) {
            return;
        }
        into.addAll(role.rules());
        for (Map<String, String> selector : role.aggregationSelectors()) {
            clusterRoles.values().stream().filter(r -> !r.name().equals(name))
                    .filter(r -> r.labels().entrySet().containsAll(selector.entrySet()))
                    .map(Rbac.Role::name).sorted().forEach(n -> collect(n, into, visited));
        }
    }

    /** Rows of ClusterRoleBindings whose ClusterRole is missing: stale, granting nothing today, listed once (namespace ""). */
    public List<AccessRow> clusterStaleRows() {
        Map<String, Builder> rows = new TreeMap<>();
        for (Rbac.Binding b : clusterBindings) {
            if (!clusterRoles.containsKey(b.roleRefName())) {
                staleRoleRef(b, "", rows);
            }
        }
        return build(rows);
    }

    /** The rows granted in one namespace by its RoleBindings and by every ClusterRoleBinding, sorted by subject, resource, verb. */
    public List<AccessRow> namespace(String namespace, Collection<Rbac.Role> roles, Collection<Rbac.Binding> bindings) {
        Map<String, Rbac.Role> local = new HashMap<>();
        roles.forEach(r -> local.put(r.name(), r));
        Map<String, Builder> rows = new TreeMap<>();
        for (Rbac.Binding b : bindings) {
            List<Rbac.Rule> rules;
            String roleDisplay;
            if (Rbac.ROLE.equals(b.roleRefKind())) {
                Rbac.Role r = local.get(b.roleRefName());
                rules = r == null ? null : r.rules();
                roleDisplay = "Role/" + namespace + "/" + b.roleRefName();
            } else {
                rules = clusterRoles.containsKey(b.roleRefName()) ? clusterRoleRules(b.roleRefName()) : null;
                roleDisplay = "ClusterRole/" + b.roleRefName();
            }
            if (rules == null) {
                staleRoleRef(b, namespace, rows);
            } else {
                grant(b, roleDisplay, rules, namespace, rows);
            }
        }
        for (Rbac.Binding b : clusterBindings) {
            if (clusterRoles.containsKey(b.roleRefName())) {
                grant(b, "ClusterRole/" + b.roleRefName(), clusterRoleRules(b.roleRefName()), namespace, rows);
            }
        }
        return build(rows);
    }

    private void staleRoleRef(Rbac.Binding b, String namespace, Map<String, Builder> rows) {
        for (Rbac.Subject s : b.subjects()) {
            if (!scope.listed(s) || !validSubject(s)) {
                continue;
            }
            Builder row = row(rows, s, AccessRow.NONE, AccessRow.NONE, AccessRow.NONE, namespace);
            row.via.add(b.display() + " -> " + b.roleRefKind() + "/" + b.roleRefName() + " (missing)");
            row.risks.add(RiskRule.STALE_ROLE_REF.id());
            row.allObjects = true;
        }
    }

    private void grant(Rbac.Binding b, String roleDisplay, List<Rbac.Rule> rules, String namespace, Map<String, Builder> rows) {
        boolean clusterWide = Rbac.CLUSTER_ROLE_BINDING.equals(b.kind());
        for (Rbac.Subject s : b.subjects()) {
            if (!scope.listed(s) || !validSubject(s)) {
                continue;
            }
            boolean staleSa = Rbac.SERVICE_ACCOUNT.equals(s.kind()) && !serviceAccountExists.test(s.namespace(), s.name());
            for (Rbac.Rule rule : rules) {
                for (ResourceRef res : scope.resources()) {
                    if (!groupMatches(rule, res) || !resourceMatches(rule, res)) {
                        continue;
                    }
                    for (String verb : scope.verbs()) {
                        if (!rule.verbs().contains("*") && !rule.verbs().contains(verb)) {
                            continue;
                        }
                        Builder row = row(rows, s, verb, res.groupName(), res.rbacResource(), namespace);
                        row.via.add(b.display() + " -> " + roleDisplay);
                        if (rule.resourceNames().isEmpty()) {
                            row.allObjects = true;
                        } else {
                            row.names.addAll(rule.resourceNames());
                        }
                        risks(row.risks, b, s, rule, res, verb, namespace, clusterWide, staleSa);
                    }
                }
            }
        }
    }

    private static void risks(Set<String> risks, Rbac.Binding b, Rbac.Subject s, Rbac.Rule rule, ResourceRef res, String verb,
            String namespace, boolean clusterWide, boolean staleSa) {
        if (rule.verbs().contains("*")) {
            risks.add(RiskRule.WILDCARD_VERB.id());
        }
        if (rule.resources().contains("*") || rule.apiGroups().contains("*")) {
            risks.add(RiskRule.WILDCARD_RESOURCE.id());
        }
        if (Rbac.CLUSTER_ROLE.equals(b.roleRefKind()) && "cluster-admin".equals(b.roleRefName())) {
            risks.add(RiskRule.CLUSTER_ADMIN.id());
        }
        boolean secretsRead = res.group().isEmpty() && "secrets".equals(res.rbacResource()) && Set.of("get", "list", "watch").contains(verb);
        boolean foreignSa = Rbac.SERVICE_ACCOUNT.equals(s.kind()) && !namespace.equals(s.namespace());
        if (secretsRead && (clusterWide || foreignSa)) {
            risks.add(RiskRule.SECRETS_READ_CROSS_NAMESPACE.id());
        }
        if (res.group().isEmpty() && "pods".equals(res.resource()) && "exec".equals(res.subresource())) {
            risks.add(RiskRule.PODS_EXEC.id());
        }
        if (Set.of("escalate", "bind", "impersonate").contains(verb)) {
            risks.add(RiskRule.ESCALATE_BIND_IMPERSONATE.id());
        }
        if (staleSa) {
            risks.add(RiskRule.STALE_SERVICE_ACCOUNT.id());
        }
    }

    /** RBAC's own matching (k8s.io/kubernetes rbac/v1 helpers): "*" matches any group; a resource "*" or "*&#47;sub" matches. */
    static boolean groupMatches(Rbac.Rule rule, ResourceRef res) {
        return rule.apiGroups().contains("*") || rule.apiGroups().contains(res.group());
    }

    static boolean resourceMatches(Rbac.Rule rule, ResourceRef res) {
        for (String r : rule.resources()) {
            if (r.equals("*") || r.equals(res.rbacResource())) {
                return true;
            }
            if (!res.subresource().isEmpty() && r.equals("*/" + res.subresource())) {
                return true;
            }
        }
        return false;
    }

    private static boolean validSubject(Rbac.Subject s) {
        return s.name() != null && !s.name().isEmpty() && (!Rbac.SERVICE_ACCOUNT.equals(s.kind()) || s.namespace() != null);
    }

    private static Builder row(Map<String, Builder> rows, Rbac.Subject s, String verb, String group, String resource, String namespace) {
        String sortKey = s.kind() + "\u0000" + (s.namespace() == null ? "" : s.namespace()) + "\u0000" + s.name() + "\u0000" + group
                + "\u0000" + resource + "\u0000" + verb;
        return rows.computeIfAbsent(sortKey, k -> new Builder(s, verb, group, resource, namespace));
    }

    private static List<AccessRow> build(Map<String, Builder> rows) {
        List<AccessRow> out = new ArrayList<>(rows.size());
        rows.values().forEach(b -> out.add(b.build()));
        return out;
    }

    private static final class Builder {
        final Rbac.Subject subject;
        final String verb;
        final String group;
        final String resource;
        final String namespace;
        final Set<String> via = new TreeSet<>();
        final Set<String> risks = new TreeSet<>();
        final Set<String> names = new TreeSet<>();
        boolean allObjects;

        Builder(Rbac.Subject subject, String verb, String group, String resource, String namespace) {
            this.subject = subject;
            this.verb = verb;
            this.group = group;
            this.resource = resource;
            this.namespace = namespace;
        }

        AccessRow build() {
            boolean stale = AccessRow.NONE.equals(verb);
            return new AccessRow(subject.kind(), subject.namespace(), subject.name(), verb, group, resource, namespace,
                    allObjects ? List.of() : List.copyOf(names), List.copyOf(via), List.copyOf(risks),
                    stale ? AccessRow.NOT_APPLICABLE : AccessRow.UNCHECKED);
        }
    }
}
