package dev.missioncontrol.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.access.Rbac.Binding;
import dev.missioncontrol.core.access.Rbac.Role;
import dev.missioncontrol.core.access.Rbac.Rule;
import dev.missioncontrol.core.access.Rbac.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AccessWalkTest {

    static final AccessScope SCOPE = new AccessScope(List.of(ResourceRef.parse("core/secrets"), ResourceRef.parse("core/configmaps"),
            ResourceRef.parse("core/pods/exec"), ResourceRef.parse("rbac.authorization.k8s.io/roles"), ResourceRef.parse("apps/deployments")),
            List.of("get", "list", "create", "delete", "escalate", "bind"), false);

    static Rule rule(List<String> groups, List<String> resources, List<String> verbs) {
        return new Rule(groups, resources, verbs, List.of());
    }

    static Role clusterRole(String name, Map<String, String> labels, List<Rule> rules, List<Map<String, String>> aggregate) {
        return new Role(Rbac.CLUSTER_ROLE, null, name, labels, rules, aggregate);
    }

    static Subject user(String name) {
        return new Subject(Rbac.USER, name, null);
    }

    @Test
    void aRoleBindingGrantsItsRulesRowsInItsNamespace() {
        var walk = new AccessWalk(SCOPE, List.of(), List.of(), (ns, n) -> true);
        var role = new Role(Rbac.ROLE, "a", "reader", Map.of(), List.of(rule(List.of(""), List.of("configmaps"), List.of("get", "list"))), null);
        var rows = walk.namespace("a", List.of(role), List.of(new Binding(Rbac.ROLE_BINDING, "a", "rb", Rbac.ROLE, "reader", List.of(user("alice")))));
        assertThat(rows).extracting(r -> r.subject() + " " + r.verb() + " " + r.group() + "/" + r.resource() + " " + r.namespace())
                .containsExactly("alice get core/configmaps a", "alice list core/configmaps a");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.risks()).isEmpty();
            assertThat(r.via()).containsExactly("RoleBinding/a/rb -> Role/a/reader");
            assertThat(r.confirmation()).isEqualTo(AccessRow.UNCHECKED);
        });
    }

    @Test
    void wildcardsExpandToWhatMattersAndAreFlagged() {
        var walk = new AccessWalk(SCOPE, List.of(clusterRole("cluster-admin", Map.of(), List.of(rule(List.of("*"), List.of("*"), List.of("*"))), null)),
                List.of(new Binding(Rbac.CLUSTER_ROLE_BINDING, null, "admins", Rbac.CLUSTER_ROLE, "cluster-admin", List.of(user("root")))),
                (ns, n) -> true);
        var rows = walk.namespace("a", List.of(), List.of());
        assertThat(rows).hasSize(SCOPE.resources().size() * SCOPE.verbs().size());
        assertThat(rows).allSatisfy(r -> assertThat(r.risks()).contains("wildcard-verb", "wildcard-resource", "cluster-admin"));
        assertThat(rows).filteredOn(r -> r.resource().equals("secrets") && r.verb().equals("get")).singleElement()
                .satisfies(r -> assertThat(r.risks()).contains("secrets-read-cross-namespace"));
        assertThat(rows).filteredOn(r -> r.resource().equals("pods/exec")).allSatisfy(r -> assertThat(r.risks()).contains("pods-exec"));
        assertThat(rows).filteredOn(r -> r.verb().equals("bind")).allSatisfy(r -> assertThat(r.risks()).contains("escalate-bind-impersonate"));
    }

    @Test
    void aggregatedClusterRolesGrantTheRulesOfTheRolesTheySelectTransitively() {
        var top = clusterRole("top", Map.of(), List.of(), List.of(Map.of("agg/top", "true")));
        var middle = clusterRole("middle", Map.of("agg/top", "true"), List.of(), List.of(Map.of("agg/middle", "true")));
        var leaf = clusterRole("leaf", Map.of("agg/middle", "true"), List.of(rule(List.of("apps"), List.of("deployments"), List.of("delete"))), null);
        var unrelated = clusterRole("other", Map.of("agg/top", "false"), List.of(rule(List.of(""), List.of("secrets"), List.of("get"))), null);
        var walk = new AccessWalk(SCOPE, List.of(top, middle, leaf, unrelated), List.of(), (ns, n) -> true);
        var rows = walk.namespace("b", List.of(), List.of(new Binding(Rbac.ROLE_BINDING, "b", "rb", Rbac.CLUSTER_ROLE, "top", List.of(user("bob")))));
        assertThat(rows).extracting(r -> r.verb() + " " + r.group() + "/" + r.resource()).containsExactly("delete apps/deployments");
    }

    @Test
    void rbacMatchingOfSubresourcesFollowsKubernetes() {
        var exec = ResourceRef.parse("core/pods/exec");
        assertThat(AccessWalk.resourceMatches(rule(List.of(""), List.of("pods/exec"), List.of("create")), exec)).isTrue();
        assertThat(AccessWalk.resourceMatches(rule(List.of(""), List.of("*/exec"), List.of("create")), exec)).isTrue();
        assertThat(AccessWalk.resourceMatches(rule(List.of(""), List.of("pods"), List.of("create")), exec)).isFalse();
        assertThat(AccessWalk.resourceMatches(rule(List.of(""), List.of("pods/*"), List.of("create")), exec)).isFalse();
        assertThat(AccessWalk.groupMatches(rule(List.of("apps"), List.of("*"), List.of("*")), exec)).isFalse();
    }

    @Test
    void staleBindingsAreFlagged() {
        var sa = new Subject(Rbac.SERVICE_ACCOUNT, "gone", "c");
        var role = new Role(Rbac.ROLE, "c", "deployer", Map.of(), List.of(rule(List.of("apps"), List.of("deployments"), List.of("create"))), null);
        var walk = new AccessWalk(SCOPE, List.of(),
                List.of(new Binding(Rbac.CLUSTER_ROLE_BINDING, null, "dangling", Rbac.CLUSTER_ROLE, "deleted-role", List.of(user("carol")))),
                (ns, n) -> !n.equals("gone"));
        var rows = walk.namespace("c", List.of(role), List.of(
                new Binding(Rbac.ROLE_BINDING, "c", "to-missing-role", Rbac.ROLE, "nope", List.of(user("dave"))),
                new Binding(Rbac.ROLE_BINDING, "c", "to-missing-sa", Rbac.ROLE, "deployer", List.of(sa))));
        assertThat(rows).filteredOn(r -> r.subject().equals("dave")).singleElement().satisfies(r -> {
            assertThat(r.verb()).isEqualTo(AccessRow.NONE);
            assertThat(r.risks()).containsExactly("stale-roleref");
            assertThat(r.confirmation()).isEqualTo(AccessRow.NOT_APPLICABLE);
        });
        assertThat(rows).filteredOn(r -> r.subject().equals("gone")).singleElement()
                .satisfies(r -> assertThat(r.risks()).containsExactly("stale-serviceaccount"));
        assertThat(walk.clusterStaleRows()).singleElement().satisfies(r -> {
            assertThat(r.subject()).isEqualTo("carol");
            assertThat(r.namespace()).isEmpty();
            assertThat(r.risks()).containsExactly("stale-roleref");
        });
        // a ClusterRoleBinding with a missing role is listed once, not in every namespace
        assertThat(rows).noneMatch(r -> r.subject().equals("carol"));
    }

    @Test
    void secretsReadByAServiceAccountOfAnotherNamespaceIsCrossNamespace() {
        var role = new Role(Rbac.ROLE, "a", "secret-reader", Map.of(), List.of(rule(List.of(""), List.of("secrets"), List.of("get"))), null);
        var walk = new AccessWalk(SCOPE, List.of(), List.of(), (ns, n) -> true);
        var rows = walk.namespace("a", List.of(role), List.of(new Binding(Rbac.ROLE_BINDING, "a", "rb", Rbac.ROLE, "secret-reader",
                List.of(new Subject(Rbac.SERVICE_ACCOUNT, "ci", "b"), new Subject(Rbac.SERVICE_ACCOUNT, "local", "a")))));
        assertThat(rows).filteredOn(r -> r.subject().equals("ci")).singleElement()
                .satisfies(r -> assertThat(r.risks()).containsExactly("secrets-read-cross-namespace"));
        assertThat(rows).filteredOn(r -> r.subject().equals("local")).singleElement().satisfies(r -> assertThat(r.risks()).isEmpty());
    }

    @Test
    void systemSubjectsAreLeftOutUnlessAsked() {
        var crb = new Binding(Rbac.CLUSTER_ROLE_BINDING, null, "sys", Rbac.CLUSTER_ROLE, "view",
                List.of(new Subject(Rbac.GROUP, "system:masters", null), new Subject(Rbac.SERVICE_ACCOUNT, "x", "kube-system"), user("eve")));
        var view = clusterRole("view", Map.of(), List.of(rule(List.of(""), List.of("configmaps"), List.of("get"))), null);
        assertThat(new AccessWalk(SCOPE, List.of(view), List.of(crb), (ns, n) -> true).namespace("a", List.of(), List.of()))
                .extracting(AccessRow::subject).containsExactly("eve");
        var all = new AccessScope(SCOPE.resources(), SCOPE.verbs(), true);
        assertThat(new AccessWalk(all, List.of(view), List.of(crb), (ns, n) -> true).namespace("a", List.of(), List.of())).hasSize(3);
    }

    @Test
    void aRowGrantedTwiceIsOneRowNamingBothBindings() {
        var view = clusterRole("view", Map.of(), List.of(rule(List.of(""), List.of("configmaps"), List.of("get"))), null);
        var walk = new AccessWalk(SCOPE, List.of(view), List.of(new Binding(Rbac.CLUSTER_ROLE_BINDING, null, "crb", Rbac.CLUSTER_ROLE, "view",
                List.of(user("frank")))), (ns, n) -> true);
        var rows = walk.namespace("a", List.of(), List.of(new Binding(Rbac.ROLE_BINDING, "a", "rb", Rbac.CLUSTER_ROLE, "view", List.of(user("frank")))));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.via())
                .containsExactly("ClusterRoleBinding/crb -> ClusterRole/view", "RoleBinding/a/rb -> ClusterRole/view"));
    }
}
