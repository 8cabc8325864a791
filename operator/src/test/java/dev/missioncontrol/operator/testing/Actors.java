package dev.missioncontrol.operator.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The people the chart's admission policies (templates/admission-policies.yaml) know: clients that impersonate a user
 * and their groups, as the API server then authenticates them (request.userInfo). The kubeconfig's user is
 * cluster-admin, so it may impersonate. Every actor is also in {@link #TEST_USERS}, which RBAC lets edit the
 * missioncontrol.dev resources: RBAC decides who may edit at all, the policies who may decide.
 */
public final class Actors {

    /** The chart's default admission.reviewerGroups. */
    public static final String REVIEWERS = "mission-control:reviewers";
    /** The chart's default admission.operatorGroups. */
    public static final String OPERATORS = "mission-control:operators";
    /** Bound by {@link #ensureRbac} to edit missioncontrol.dev resources; grants nothing the policies look at. */
    public static final String TEST_USERS = "mission-control-test:users";
    static final String RBAC_NAME = "mission-control-test-users";

    /** The reviewer of the fixtures: decides ConnectRequests (ConnectRequests.approve()) and PredictiveRollouts. */
    public static final String REVIEWER = "bob@platform.example";
    /** Sets the manual controls (FederationCohort promote/abort/retry/pause, MeteringRotation rotate-key). */
    public static final String OPERATOR = "olga@platform.example";

    private static final Map<String, KubernetesClient> CLIENTS = new ConcurrentHashMap<>();
    private static volatile boolean rbacReady;

    private Actors() {
    }

    /** A client authenticated as {@code user} in {@code groups} (plus {@link #TEST_USERS}). Shared; do not close it. */
    public static KubernetesClient as(String user, String... groups) {
        ensureRbac();
        List<String> all = new ArrayList<>(List.of(groups));
        all.add(TEST_USERS);
        return CLIENTS.computeIfAbsent(user + "|" + String.join(",", all), key -> {
            Config config = Config.autoConfigure(null);
            config.setImpersonateUsername(user);
            config.setImpersonateGroups(all.toArray(String[]::new));
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }

    /**
     * A client authenticated as {@code user} in exactly {@code groups}: what that user's own RBAC allows (not
     * {@link #TEST_USERS}'s), e.g. to show that examples/01-demo-access.yaml lets the examples' users do their part.
     */
    public static KubernetesClient exactly(String user, List<String> groups) {
        return CLIENTS.computeIfAbsent("exactly:" + user + "|" + String.join(",", groups), key -> {
            Config config = Config.autoConfigure(null);
            config.setImpersonateUsername(user);
            config.setImpersonateGroups(groups.toArray(String[]::new));
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }

    /** {@link #REVIEWER}, in the reviewer group. */
    public static KubernetesClient reviewer() {
        return as(REVIEWER, REVIEWERS);
    }

    /** A reviewer of the given name, in the reviewer group. */
    public static KubernetesClient reviewer(String user) {
        return as(user, REVIEWERS);
    }

    /** {@link #OPERATOR}, in the operator group. */
    public static KubernetesClient operator() {
        return as(OPERATOR, OPERATORS);
    }

    /** The tenant's requester, as ConnectRequests names it (spec.requestedBy): in no group the policies know. */
    public static KubernetesClient requester(String user) {
        return as(user);
    }

    /** The RBAC authorizer sees a new binding a moment later; an actor's first request must not meet a 403. */
    private static void awaitAuthorized(KubernetesClient admin) {
        var review = new SubjectAccessReviewBuilder().withNewSpec().withUser("mission-control-test-probe")
                .withGroups(TEST_USERS).withNewResourceAttributes().withGroup("missioncontrol.dev").withResource("connectrequests")
                .withVerb("create").withNamespace("default").endResourceAttributes().endSpec().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Boolean.TRUE.equals(admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ClusterRoleBinding " + RBAC_NAME + " does not authorize group " + TEST_USERS + " after 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The ClusterRole and binding that let {@link #TEST_USERS} edit missioncontrol.dev resources. Idempotent. */
    static synchronized void ensureRbac() {
        if (rbacReady) {
            return;
        }
        try (KubernetesClient admin = LocalCluster.client()) {
            ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName(RBAC_NAME).endMetadata()
                    .addToRules(new PolicyRuleBuilder().withApiGroups("missioncontrol.dev").withResources("*")
                            .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build())
                    .build();
            ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(RBAC_NAME).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", RBAC_NAME)
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(TEST_USERS).endSubject()
                    .build();
            admin.resource(role).forceConflicts().fieldManager("mission-control-tests").serverSideApply();
            admin.resource(binding).forceConflicts().fieldManager("mission-control-tests").serverSideApply();
            awaitAuthorized(admin);
        }
        rbacReady = true;
    }
}
