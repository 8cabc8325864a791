package dev.missioncontrol.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AccessConfirmationTest {

    static final AccessScope SCOPE = new AccessScope(List.of(ResourceRef.parse("core/configmaps")), List.of("get", "delete"), false);

    @Test
    void walkedRowsAreConfirmedOrListedAsDiscrepancies() {
        var role = new Rbac.Role(Rbac.ROLE, "a", "r", Map.of(), List.of(new Rbac.Rule(List.of(""), List.of("configmaps"), List.of("get", "delete"), List.of())), null);
        var rows = new AccessWalk(SCOPE, List.of(), List.of(), (ns, n) -> true).namespace("a", List.of(role),
                List.of(new Rbac.Binding(Rbac.ROLE_BINDING, "a", "rb", Rbac.ROLE, "r", List.of(new Rbac.Subject(Rbac.GROUP, "devs", null)))));
        // an authorizer that denies delete (as a webhook authorizer or a deny policy might)
        Authorizer authz = (user, groups, verb, res, ns, name) -> {
            assertThat(user).isEqualTo(AccessConfirmation.GROUP_PROBE_USER);
            assertThat(groups).containsExactly("devs");
            return verb.equals("get");
        };
        var result = AccessConfirmation.confirm(rows, "a", SCOPE, List.of(), authz);
        assertThat(result.rows()).extracting(r -> r.verb() + "=" + r.confirmation()).containsExactly("delete=denied", "get=allowed");
        assertThat(result.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(Discrepancy.WALKED_NOT_ALLOWED);
            assertThat(d.row()).isEqualTo(result.rows().get(0).id());
        });
    }

    @Test
    void anExtraSubjectAllowedThroughACredentialGroupIsADiscrepancyOfTheWalk() {
        Authorizer authz = (user, groups, verb, res, ns, name) -> groups.contains("oidc:auditors") && verb.equals("get");
        var result = AccessConfirmation.confirm(List.of(), "a", SCOPE, List.of(new ExtraSubject("grace", List.of("oidc:auditors"))), authz);
        assertThat(result.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(Discrepancy.ALLOWED_NOT_WALKED);
            assertThat(d.subject()).isEqualTo("User:grace");
            assertThat(d.verb()).isEqualTo("get");
            assertThat(d.row()).isEqualTo(AccessRow.id(new Rbac.Subject(Rbac.USER, "grace", null), "get", "core", "configmaps", "a"));
        });
    }

    @Test
    void staleRowsAreNotAsked() {
        var row = new AccessRow(Rbac.USER, "", "x", AccessRow.NONE, AccessRow.NONE, AccessRow.NONE, "a", List.of(), List.of("v"),
                List.of("stale-roleref"), AccessRow.NOT_APPLICABLE);
        var result = AccessConfirmation.confirm(List.of(row), "a", SCOPE, List.of(), (u, g, v, r, n, o) -> {
            throw new AssertionError("asked");
        });
        assertThat(result.rows()).containsExactly(row);
        assertThat(result.discrepancies()).isEmpty();
    }
}
