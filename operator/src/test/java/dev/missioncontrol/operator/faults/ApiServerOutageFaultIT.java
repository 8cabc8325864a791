package dev.missioncontrol.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.ControlPlaneProcess;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API server goes away for a minute in the middle of a rollout (its process stopped, then started again with the
 * same flags; etcd keeps running). The packaged operator stays up: readiness goes DOWN while its informers cannot
 * watch, liveness stays UP (a restart would not help, so a kubelet must not restart it), the process never exits;
 * once the API server is back it is ready again and the rollout finishes with every step entered exactly once (status
 * history) and every step's Event recorded exactly once. Without leader election: with it (the chart's default), a
 * leader that cannot renew its Lease halts by design (LeaderElection), and Kubernetes restarts it.
 * The outage lasts mc.faults.apiServerOutageSeconds (default 60).
 */
@Tag("faults")
class ApiServerOutageFaultIT {

    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mc.faults.apiServerOutageSeconds", 60));
    static final List<String> TENANTS = List.of("a-acme", "a-globex", "a-initech", "a-umbrella");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-apiserver-outage").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
    static KubernetesClient client;

    @BeforeAll
    static void setUp() {
        client = cluster.client();
    }

    @Test
    void operatorStaysUpReportsNotReadyAndResumesWithNoStepRepeatedOrSkipped() throws Exception {
        Map<String, ControlPlaneProcess> controlPlane = ControlPlaneProcess.ofKubeconfigCluster();
        ControlPlaneProcess apiServer = controlPlane.get(ControlPlaneProcess.API_SERVER);
        List<Integer> readyDuring = new ArrayList<>();
        List<Integer> liveDuring = new ArrayList<>();
        Duration notReadyAfter = null;
        Duration readyAgainAfter;
        Duration apiServerStartup;
        Instant restartedAt;
        var rollouts = client.resources(FederationCohort.class).inNamespace(cluster.namespace());
        try (var operator = OperatorProcess.start("apiserver-outage")) {
            var cohort = FederationCohorts.rollout(cluster.namespace(), "outage", TENANTS, cluster.prometheusAddress(), "2s", 1, 1, 2, 3, 4);
            cohort.getSpec().getRollout().getSteps().set(1, new RolloutStep(2, "3s"));
            rollouts.resource(cohort).create();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                var s = rollouts.withName("outage").get().getStatus();
                return s != null && s.getCurrentStep() != null && s.getCurrentStep() == 1;
            });
            // The operator records a step's Event just after the status write that enters the step. An Event is best
            // effort: one in flight at the instant the API server goes away is lost (the status history is the record).
            // So the outage starts once step 2's Event is in, not in that window; what is measured is what follows.
            var entered = rollouts.withName("outage").get();
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> RolloutRecord.stepEventCounts(client, entered).containsKey("StepAdvanced step-2"));
            var atStop = rollouts.withName("outage").get().getStatus();
            System.out.printf("[apiserver-outage] stopping kube-apiserver (pid %d) at step %d/%d: %s%n", apiServer.pid(),
                    atStop.getCurrentStep() + 1, atStop.getStepCount(), atStop.getEnabledTenants());
            Instant stoppedAt;
            Duration shutdown;
            try {
                Instant sigterm = Instant.now();
                apiServer.stop();
                // The outage is counted from the exit: a kube-apiserver drains its requests before it exits.
                stoppedAt = Instant.now();
                shutdown = Duration.between(sigterm, stoppedAt);
                while (Duration.between(stoppedAt, Instant.now()).compareTo(OUTAGE) < 0) {
                    assertThat(operator.isAlive()).as("the operator process is still running %s into the outage; log %s",
                            Duration.between(stoppedAt, Instant.now()), operator.log()).isTrue();
                    int ready = operator.health("/q/health/ready").code();
                    readyDuring.add(ready);
                    liveDuring.add(operator.health("/q/health/live").code());
                    if (ready != 200 && notReadyAfter == null) {
                        notReadyAfter = Duration.between(stoppedAt, Instant.now());
                    }
                    Thread.sleep(500);
                }
            } finally {
                if (!apiServer.isRunning()) {
                    apiServer.start();
                }
                restartedAt = Instant.now();
                apiServerStartup = ControlPlaneProcess.awaitApiServerReady(client, Duration.ofSeconds(120));
                // kube-controller-manager and kube-scheduler lose their leader Lease in an outage this long and exit, as
                // they would on any cluster where their supervisor restarts them: restart what exited.
                for (var component : controlPlane.values()) {
                    if (!component.isRunning()) {
                        System.out.printf("[apiserver-outage] %s exited during the outage; restarting it%n", component.name());
                        component.start();
                    }
                }
            }
            System.out.printf("[apiserver-outage] kube-apiserver answered /readyz %d ms after its restart%n", apiServerStartup.toMillis());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> operator.health("/q/health/ready").code() == 200);
            readyAgainAfter = Duration.between(restartedAt, Instant.now());
            assertThat(operator.isAlive()).isTrue();

            FederationCohort done = await().atMost(Duration.ofSeconds(180)).until(() -> rollouts.withName("outage").get(),
                    c -> c.getStatus() != null && c.getStatus().getPhase() == RolloutPhase.Promoted);
            var history = done.getStatus().getHistory();
            Instant firstAfter = history.stream().map(t -> Instant.parse(t.time())).filter(t -> t.isAfter(restartedAt))
                    .findFirst().orElseThrow();
            System.out.printf("[apiserver-outage] kube-apiserver took %d ms to exit after SIGTERM%n", shutdown.toMillis());
            System.out.printf("[apiserver-outage] outage %d s; operator not ready %s after the exit; ready again %d ms after the "
                            + "restart; next rollout transition %d ms after the restart; readiness codes during %s, liveness codes %s%n",
                    OUTAGE.toSeconds(), notReadyAfter, readyAgainAfter.toMillis(), Duration.between(restartedAt, firstAfter).toMillis(),
                    new TreeSet<>(readyDuring), new TreeSet<>(liveDuring));
            System.out.printf("[apiserver-outage] history: %s%n", history.stream().map(t -> t.time() + " " + t.reason() + " -> " + t.to()).toList());

            assertThat(notReadyAfter).as("readiness went DOWN while the API server was gone (codes %s)", readyDuring).isNotNull();
            assertThat(liveDuring).as("liveness stayed UP: a kubelet must not restart an operator that only waits for its API server")
                    .containsOnly(200);
            RolloutRecord.assertEachStepEnteredOnce(done, 4);
            assertThat(done.getStatus().getFallbackCount()).isNull();
            // The operator's own Events go through the same API server: each step's exactly once.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RolloutRecord.stepEventCounts(client, done))
                    .isEqualTo(RolloutRecord.expectedStepEvents(4)));
        }
    }
}
