package dev.missioncontrol.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Prometheus the gates query is stopped in the middle of a rollout, for many analysis intervals, then started
 * again (same data, same port). While it is down every analysis is Inconclusive with cause QueryError (condition
 * Analysis Unknown, reason QueryError, one AnalysisInconclusive Warning), never Failed and never a fallback, and the
 * step does not advance without measurements; once Prometheus is back the rollout resumes and is promoted with every
 * step entered exactly once. The outage lasts mc.faults.prometheusOutageSeconds (default 30: 15 intervals of 2 s).
 */
@Tag("faults")
class PrometheusOutageFaultIT {

    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mc.faults.prometheusOutageSeconds", 30));
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final List<String> TENANTS = List.of("p-acme", "p-globex", "p-initech");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-prometheus-outage").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
    static KubernetesClient client;

    @BeforeAll
    static void setUp() {
        client = cluster.client();
    }

    @Test
    void gatesAreInconclusiveNeverAFallbackWhilePrometheusIsDownAndTheRolloutResumesAfter() throws Exception {
        var rollouts = client.resources(FederationCohort.class).inNamespace(cluster.namespace());
        try (var operator = OperatorProcess.start("prometheus-outage")) {
            // failureLimit 1: a single Failed analysis would fall the cohort back at once.
            var cohort = FederationCohorts.rollout(cluster.namespace(), "outage", TENANTS, cluster.prometheusAddress(), "2s", 1, 1, 2, 3);
            // Step 1 holds 4 s after passing: Prometheus goes down in that pause, so step 2's analyses all meet the outage.
            cohort.getSpec().getRollout().getSteps().set(0, new RolloutStep(1, "4s"));
            rollouts.resource(cohort).create();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                var s = rollouts.withName("outage").get().getStatus();
                return s != null && s.getCurrentStep() != null && s.getCurrentStep() == 0 && s.getStepPassedAt() != null;
            });
            cluster.prometheus().stop();
            Instant stoppedAt = Instant.now();
            System.out.printf("[prometheus-outage] Prometheus stopped in step 1's pause; down for %d s%n", OUTAGE.toSeconds());

            List<FederationCohortStatus> during = new ArrayList<>();
            Instant detectedAt = null;
            while (Duration.between(stoppedAt, Instant.now()).compareTo(OUTAGE) < 0) {
                var s = rollouts.withName("outage").get().getStatus();
                during.add(s);
                if (detectedAt == null && analysis(s).filter(c -> "QueryError".equals(c.getReason())).isPresent()) {
                    detectedAt = Instant.now();
                }
                Thread.sleep(250);
            }
            var atRestart = rollouts.withName("outage").get().getStatus();
            cluster.prometheus().restart();
            Instant restartedAt = Instant.now();

            FederationCohort done = await().atMost(Duration.ofSeconds(120)).until(() -> rollouts.withName("outage").get(),
                    c -> c.getStatus() != null && c.getStatus().getPhase() == RolloutPhase.Promoted);
            var history = done.getStatus().getHistory();
            Instant resumedAt = Instant.parse(history.get(2).time()); // step 3 entered: step 2 passed its gates
            Instant step2Started = Instant.parse(history.get(1).time());
            System.out.printf("[prometheus-outage] QueryError in status %s after the stop (step 2's first analysis was due "
                            + "%d ms after it); step 2 passed %d ms after Prometheus was back; promoted %d ms after%n",
                    detectedAt == null ? "never" : Duration.between(stoppedAt, detectedAt).toMillis() + " ms",
                    Duration.between(stoppedAt, step2Started.plus(INTERVAL)).toMillis(),
                    Duration.between(restartedAt, resumedAt).toMillis(),
                    Duration.between(restartedAt, Instant.parse(history.get(3).time())).toMillis());
            System.out.printf("[prometheus-outage] gates at restart: %s%n", atRestart.getGates().stream()
                    .map(g -> g.name() + " " + g.verdict() + " " + g.inconclusiveCause() + ": " + g.message()).toList());

            assertThat(detectedAt).as("the Analysis condition said QueryError during the outage").isNotNull();
            assertThat(during).as("while Prometheus was down").allSatisfy(s -> {
                assertThat(s.getPhase()).isEqualTo(RolloutPhase.Progressing);
                assertThat(s.getFallbackCount()).isNull();
                assertThat(s.getGates()).extracting(GateStatus::verdict).doesNotContain(GateVerdictType.Failed);
                assertThat(s.getCurrentStep()).as("no step passes without measurements").isLessThanOrEqualTo(1);
                assertThat(s.getEnabledTenants()).as("the tenants enabled so far stay enabled").hasSizeGreaterThanOrEqualTo(1);
            });
            assertThat(atRestart.getCurrentStep()).isEqualTo(1);
            assertThat(atRestart.getStepPassedAt()).isNull();
            assertThat(atRestart.getEnabledTenants()).containsExactly("p-acme", "p-globex");
            assertThat(atRestart.getGates()).isNotEmpty().allSatisfy(g -> {
                assertThat(g.verdict()).isEqualTo(GateVerdictType.Inconclusive);
                assertThat(g.inconclusiveCause()).isEqualTo(InconclusiveCause.QueryError);
            });
            assertThat(analysis(atRestart)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("Unknown");
                assertThat(c.getReason()).isEqualTo("QueryError");
            });
            long outageAnalyses = Duration.between(step2Started, restartedAt).dividedBy(INTERVAL);
            assertThat(outageAnalyses).as("the outage spanned several analyses").isGreaterThanOrEqualTo(5);

            RolloutRecord.assertEachStepEnteredOnce(done, 3);
            assertThat(done.getStatus().getFallbackCount()).isNull();
            assertThat(RolloutRecord.events(client, done, "FallbackActivated")).isEmpty();
            assertThat(RolloutRecord.events(client, done, "AnalysisFailed")).isEmpty();
            // An unreachable Prometheus is one Warning PrometheusUnreachable (in place of AnalysisInconclusive, which
            // would say less), when the outage began, not one per interval.
            var unreachable = RolloutRecord.events(client, done, "PrometheusUnreachable");
            assertThat(unreachable).as("one Warning when the outage began, not one per interval").hasSize(1)
                    .allSatisfy(e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        // A repeat would raise the count of the Event already recorded (EventAggregation).
                        assertThat(e.getCount()).isEqualTo(1);
                        assertThat(e.getMessage()).contains(cluster.prometheusAddress(), "spec.rollout.analysis.prometheus.address");
                    });
            assertThat(RolloutRecord.events(client, done, "AnalysisInconclusive")).as("not also AnalysisInconclusive for the outage")
                    .noneMatch(e -> e.getMessage().contains("query failed"));
            System.out.printf("[prometheus-outage] Warning PrometheusUnreachable: %s%n", unreachable.get(0).getMessage());
            assertThat(RolloutRecord.stepEventCounts(client, done)).isEqualTo(RolloutRecord.expectedStepEvents(3));
        }
    }

    private static Optional<Condition> analysis(FederationCohortStatus status) {
        return status == null || status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> "Analysis".equals(c.getType())).findFirst();
    }
}
