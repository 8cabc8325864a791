package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two packaged operator processes with leader election, as the chart's two replicas: exactly one holds the Lease
 * and writes; after the leader is SIGKILLed mid-rollout the other takes the Lease and continues within 15 s, and
 * the rollout completes with every step entered once.
 */
@Tag("process")
class LeaderElectionIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(15);
    static final List<String> TENANTS = List.of("l-acme", "l-globex", "l-initech", "l-umbrella");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-leader").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
    }

    static OperatorProcess.Builder replica(String name) {
        return OperatorProcess.builder("leader-" + name)
                .env("MISSIONCONTROL_LEADER_ELECTION_ENABLED", "true")
                .env("POD_NAMESPACE", namespace)
                .env("POD_NAME", name);
    }

    @Test
    void onlyTheLeaderWritesAndTheOtherTakesOverAfterASigkill() throws Exception {
        try (var a = replica("replica-a").start(); var b = replica("replica-b").start()) {
            Map<String, OperatorProcess> replicas = Map.of("replica-a", a, "replica-b", b);
            Lease lease = await().atMost(Duration.ofSeconds(30)).until(this::lease,
                    l -> l != null && replicas.containsKey(l.getSpec().getHolderIdentity()));
            String leader = lease.getSpec().getHolderIdentity();
            String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
            System.out.printf("[leader] %s holds Lease %s/%s (duration %ss), %s follows%n", leader, namespace,
                    LeaderElection.LEASE_NAME, lease.getSpec().getLeaseDurationSeconds(), follower);

            var cohort = FederationCohorts.rollout(namespace, "led", TENANTS, cluster.prometheusAddress(), "2s", 3, 1, 2, 3);
            cohort.getSpec().getRollout().getSteps().set(1, new RolloutStep(2, "6s")); // a held step to kill the leader in
            client.resource(cohort).create();
            await().atMost(TIMEOUT).until(() -> {
                var s = cohort().getStatus();
                return s != null && s.getCurrentStep() != null && s.getCurrentStep() == 1 && s.getStepPassedAt() != null;
            });
            assertThat(reporters()).as("only the leader recorded Events before the kill").containsOnly(leader);
            assertThat(lease().getSpec().getHolderIdentity()).as("the Lease stayed with one replica").isEqualTo(leader);

            Instant killedAt = Instant.now();
            replicas.get(leader).kill();
            // Work submitted while no replica leads: picked up as soon as the follower takes over.
            client.resource(FederationCohorts.cohort(namespace, "after-kill", List.of("l-acme"))).create();
            await().atMost(TAKEOVER_LIMIT.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> follower.equals(lease().getSpec().getHolderIdentity()));
            Duration leaseTaken = Duration.between(killedAt, Instant.now());
            await().atMost(TAKEOVER_LIMIT.plusSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                var c = client.resources(FederationCohort.class).inNamespace(namespace).withName("after-kill").get();
                return c.getStatus() != null && c.getStatus().getPhase() != null;
            });
            Duration resumed = Duration.between(killedAt, Instant.now());
            System.out.printf("[leader] after SIGKILL of %s: %s took the Lease after %d ms and reconciled new work after %d ms%n",
                    leader, follower, leaseTaken.toMillis(), resumed.toMillis());
            assertThat(resumed).as("the follower takes over and reconciles within %s of the kill", TAKEOVER_LIMIT)
                    .isLessThan(TAKEOVER_LIMIT);

            FederationCohort promoted = await().atMost(TIMEOUT).until(this::cohort,
                    c -> c.getStatus() != null && c.getStatus().getPhase() == RolloutPhase.Promoted);
            List<String> reasons = promoted.getStatus().getHistory().stream().map(Transition::reason).toList();
            assertThat(reasons).as("each step entered exactly once across both leaders").containsExactly(
                    "RolloutStarted", "StepAdvanced", "StepAdvanced", "StepAdvanced", "AnalysisPassed");
            List<Event> stepAdvanced = events("led").stream().filter(e -> "StepAdvanced".equals(e.getReason())).toList();
            List<String> stepEvents = stepAdvanced.stream().map(Event::getMessage).toList();
            assertThat(stepEvents).as("no step announced twice: %s", stepEvents).doesNotHaveDuplicates();
            // A repeat would raise the count of the Event already recorded (EventAggregation) rather than add one.
            assertThat(stepAdvanced).as("no step announced twice: %s", stepEvents).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
            assertThat(reporters()).as("Events only from the two leaders, one after the other").isSubsetOf(Set.of(leader, follower));
            Instant killSecond = killedAt.truncatedTo(ChronoUnit.SECONDS);
            assertThat(events(null)).filteredOn(e -> follower.equals(e.getReportingInstance()))
                    .as("the follower wrote nothing while it followed").isNotEmpty()
                    // reportingInstance is the replica that wrote the Event last, at lastTimestamp
                    .allSatisfy(e -> assertThat(Instant.parse(e.getLastTimestamp())).isAfterOrEqualTo(killSecond));
            assertThat(replicas.get(follower).isAlive()).isTrue();
        }
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace(namespace).withName(LeaderElection.LEASE_NAME).get();
    }

    private FederationCohort cohort() {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName("led").get();
    }

    /** The operator's Events (not the scheduler's or the controller-manager's), on one object or on all. */
    private List<Event> events(String involvedName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> EventRecorder.COMPONENT.equals(e.getReportingComponent()))
                .filter(e -> involvedName == null || involvedName.equals(e.getInvolvedObject().getName())).toList();
    }

    private Set<String> reporters() {
        return Set.copyOf(events(null).stream().map(Event::getReportingInstance).toList());
    }
}
