package dev.missioncontrol.core.access;

/** The documented risk rule ids a row can carry (docs/accessreview.md lists them). */
public enum RiskRule {
    /** The granting rule's verbs are "*": whatever verb the API gains later is granted too. */
    WILDCARD_VERB("wildcard-verb"),
    /** The granting rule's resources or apiGroups are "*". */
    WILDCARD_RESOURCE("wildcard-resource"),
    /** Granted by a binding to the ClusterRole cluster-admin. */
    CLUSTER_ADMIN("cluster-admin"),
    /** Secrets get/list/watch granted by a ClusterRoleBinding, or to a ServiceAccount of another namespace. */
    SECRETS_READ_CROSS_NAMESPACE("secrets-read-cross-namespace"),
    /** Any verb on pods/exec: a shell in the tenant's containers. */
    PODS_EXEC("pods-exec"),
    /** escalate, bind or impersonate: the verbs that raise one's own privileges. */
    ESCALATE_BIND_IMPERSONATE("escalate-bind-impersonate"),
    /** The binding's roleRef names a Role or ClusterRole that does not exist: nothing granted now, everything once it is re-created. */
    STALE_ROLE_REF("stale-roleref"),
    /** The ServiceAccount subject does not exist: its grants reactivate if the name is re-created. */
    STALE_SERVICE_ACCOUNT("stale-serviceaccount");

    private final String id;

    RiskRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
