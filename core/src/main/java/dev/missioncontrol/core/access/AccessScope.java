package dev.missioncontrol.core.access;

import java.util.List;

/**
 * What a review looks at: the resources and verbs that matter, and whether subjects of the system (users and groups
 * named {@code system:*}, ServiceAccounts of {@code kube-*} namespaces) are listed.
 */
public record AccessScope(List<ResourceRef> resources, List<String> verbs, boolean includeSystemSubjects) {

    public AccessScope {
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
    }

    public boolean listed(Rbac.Subject s) {
        if (includeSystemSubjects) {
            return true;
        }
        if (Rbac.SERVICE_ACCOUNT.equals(s.kind())) {
            return s.namespace() == null || !s.namespace().startsWith("kube-");
        }
        return !s.name().startsWith("system:");
    }
}
