package dev.missioncontrol.core.access;

import java.util.List;

/** What a review looks at when its spec does not say: the defaults the AccessReview CRD declares and mcctl applies. */
public final class AccessDefaults {

    private AccessDefaults() {
    }

    /** The Mission Control kinds, Secrets, ConfigMaps, RBAC objects, Deployments and pods/exec. */
    public static final List<String> RESOURCES = List.of(
            "missioncontrol.dev/federationcohorts", "missioncontrol.dev/predictiverollouts", "missioncontrol.dev/marketplacesources",
            "missioncontrol.dev/connectrequests", "missioncontrol.dev/meteringrotations", "missioncontrol.dev/searchslos",
            "missioncontrol.dev/accessreviews", "missioncontrol.dev/accessreviewsignoffs",
            "core/secrets", "core/configmaps", "core/pods/exec",
            "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/rolebindings", "apps/deployments");

    /** Every verb the API server authorizes on these resources. */
    public static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
            "escalate", "bind", "impersonate");

    /** The label that marks a tenant's namespace: the default scope. */
    public static final String TENANT_LABEL = "missioncontrol.dev/tenant";
}
