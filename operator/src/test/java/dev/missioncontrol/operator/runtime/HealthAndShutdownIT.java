package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.HeldProxy;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator's health endpoints and its SIGTERM path, as a kubelet sees them.
 * Readiness (OperatorReadinessCheck; the HTTP server itself only listens once the operator has started) is never UP while an
 * informer cannot sync, here because the operator's identity may not list ConnectRequests, and the process exits
 * naming it; with the permission it becomes ready, every controller OK, and liveness (InformerLivenessCheck) names
 * every controller's informers. On SIGTERM while an analysis's query is in flight (on the query threads, not a reconcile
 * thread), nothing half-done reaches status, and the next operator asks again and writes the analysis.
 */
@Tag("process")
class HealthAndShutdownIT {

    static final List<String> TENANTS = List.of("h-acme", "h-globex");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-health").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
    static KubernetesClient client;
    static String namespace;
    static final String WITHHELD = "connectrequests";
    static final List<String> CONTROLLERS = List.of("federationcohort", "marketplacesource", "connectrequest",
            "predictiverollout", "meteringrotation");

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (client != null) {
            client.rbac().clusterRoleBindings().withLabel("missioncontrol.dev/test", namespace).delete();
            client.rbac().clusterRoles().withLabel("missioncontrol.dev/test", namespace).delete();
        }
    }

    @Test
    void neverReadyUntilEveryInformerHasSynced() throws Exception {
        Path kubeconfig = restrictedIdentity();
        // Without RBAC on ConnectRequests that informer cannot list: the operator must never report ready, and it
        // exits naming the informer (stop-on-informer-error-during-startup), so the pod restarts until RBAC is right.
        var refused = OperatorProcess.builder("health-no-rbac").env("KUBECONFIG", kubeconfig.toString()).launch();
        List<Integer> readyCodes = new ArrayList<>();
        try (refused) {
            while (refused.isAlive()) {
                readyCodes.add(refused.health("/q/health/ready").code());
                Thread.sleep(100);
            }
            int exit = refused.awaitExit(Duration.ofSeconds(1));
            System.out.printf("[health] without RBAC on %s: exit %d, readiness answers %s%n", WITHHELD, exit, Set.copyOf(readyCodes));
            assertThat(readyCodes).as("never ready while an informer cannot sync").doesNotContain(200);
            assertThat(exit).isNotZero();
            assertThat(refused.logText()).contains("Informer startup error", WITHHELD);
        }

        grant(WITHHELD);
        try (var operator = OperatorProcess.builder("health").env("KUBECONFIG", kubeconfig.toString()).start()) {
            // start() returned at the first 200 on /q/health/ready: by then every controller's informers had synced.
            String log = operator.logText();
            for (String controller : CONTROLLERS) {
                assertThat(log).as("%s's informers synced before readiness", controller).contains("'" + controller + "' controller started");
            }
            // A watch may be reconnecting at the instant of a probe (readiness stays UP, naming it "reconnecting within
            // 15 s"): read again until every controller reports OK, which a synced operator reaches within that grace.
            var ready = operator.health("/q/health/ready");
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!everyControllerOk(ready.body()) && System.nanoTime() < until) {
                Thread.sleep(250);
                ready = operator.health("/q/health/ready");
            }
            var live = operator.health("/q/health/live");
            System.out.printf("[health] with RBAC: ready %d %s%n  live %d %s%n", ready.code(), ready.body(), live.code(), live.body());
            assertThat(ready.body()).contains("\"status\": \"UP\"");
            assertThat(live.code()).isEqualTo(200);
            for (String controller : CONTROLLERS) {
                assertThat(ready.body()).contains("\"" + controller + "\": \"OK\"");
                assertThat(live.body()).containsPattern("\"" + controller + "\": \"\\d+ informers watching\"");
            }
        }
    }

    private static boolean everyControllerOk(String body) {
        return CONTROLLERS.stream().allMatch(c -> body.contains("\"" + c + "\": \"OK\""));
    }

    @Test
    void sigtermWithAQueryInFlightWritesNothingHalfDoneAndTheNextOperatorFinishesTheAnalysis() throws Exception {
        try (var slowNetwork = HeldProxy.to(URI.create(cluster.prometheusAddress()).getPort())) {
            var operator = OperatorProcess.start("shutdown");
            try (operator) {
                client.resource(FederationCohorts.rollout(namespace, "inflight", TENANTS, slowNetwork.address(), "2s", 3, 1)).create();
                // The first analysis (one interval after the step started) is now waiting on Prometheus, on the
                // operator's query threads (ReconcileQueries): no reconcile thread waits with it.
                assertThat(slowNetwork.awaitConnection(60)).as("a gate query reached the held connection").isTrue();
                assertThat(cohort().getStatus().getLastAnalysisTime()).as("no analysis written yet").isNull();

                operator.signalTerm();
                await().atMost(Duration.ofSeconds(20)).until(() -> operator.logText().contains("shutdown: no new reconciliations")
                        || operator.logText().contains("is shutting down"));
                slowNetwork.release();
                int exit = operator.awaitExit(Duration.ofSeconds(40));
                System.out.printf("[shutdown] operator exited with %d after SIGTERM; gates: %s%n", exit, cohort().getStatus().getGates());
            }
            // Nothing cut short reached status: the analysis is either not written, or written whole from real answers.
            assertThat(cohort().getStatus().getGates()).allSatisfy(g ->
                    assertThat(g.message()).as("gate %s", g.name()).doesNotContain("interrupted", "unreachable", "on its way"));

            // The next operator asks again and writes the analysis, answered by the real Prometheus.
            try (var next = OperatorProcess.start("shutdown-next")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> cohort().getStatus().getLastAnalysisTime() != null);
            }
            var status = cohort().getStatus();
            assertThat(status.getGates()).isNotEmpty().allSatisfy(g -> {
                assertThat(g.measuredAt()).isNotNull();
                assertThat(g.message()).as("gate %s", g.name()).doesNotContain("interrupted", "unreachable", "on its way");
            });
        }
    }

    private FederationCohort cohort() {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName("inflight").get();
    }

    /**
     * A ServiceAccount allowed everything the API server serves except ConnectRequests, and a kubeconfig for it.
     * RBAC only adds, so the ClusterRole lists every resource from discovery but the withheld one.
     */
    private Path restrictedIdentity() throws Exception {
        client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("operator").endMetadata().build()).create();
        List<PolicyRule> rules = new ArrayList<>();
        rules.add(rule("", resources("v1")));
        for (var group : client.getApiGroups().getGroups()) {
            List<String> names = resources(group.getPreferredVersion().getGroupVersion());
            names.remove(WITHHELD);
            rules.add(rule(group.getName(), names));
        }
        bind("everything-but-" + WITHHELD, rules);
        String token = client.serviceAccounts().inNamespace(namespace).withName("operator")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        var config = client.getConfiguration();
        Path file = Files.createTempFile("operator-kubeconfig", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", certificate-authority: "%s"}}]
                users: [{name: operator, user: {token: "%s"}}]
                contexts: [{name: c, context: {cluster: c, user: operator}}]
                current-context: c
                """.formatted(config.getMasterUrl(), config.getCaCertFile(), token));
        return file;
    }

    private void grant(String resource) {
        bind(resource, List.of(rule("missioncontrol.dev", List.of(resource, resource + "/status"))));
    }

    private void bind(String name, List<PolicyRule> rules) {
        String full = namespace + "-" + name;
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(full)
                .addToLabels("missioncontrol.dev/test", namespace).endMetadata().withRules(rules).build()).create();
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(full)
                .addToLabels("missioncontrol.dev/test", namespace).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", full)
                .addNewSubject().withKind("ServiceAccount").withName("operator").withNamespace(namespace).endSubject().build()).create();
    }

    private List<String> resources(String groupVersion) {
        return new ArrayList<>(client.getApiResources(groupVersion).getResources().stream().map(APIResource::getName).toList());
    }

    private static PolicyRule rule(String group, List<String> resources) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs("*").build();
    }
}
