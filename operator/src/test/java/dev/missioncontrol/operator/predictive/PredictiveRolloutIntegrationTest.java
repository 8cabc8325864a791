package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec.Milestone;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import dev.missioncontrol.operator.testing.SearchMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PredictiveRollout against the local control plane and a real Prometheus scraping the predictive service stand-in. */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class PredictiveRolloutIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String FLAG = "predictive." + SearchMetrics.FEATURE + ".enabled";
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-predictive");
    static KubernetesClient client;
    static String namespace;
    static SearchMetrics metrics;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
        metrics = cluster.metrics();
    }

    @Test
    void healthyRolloutThroughThreeWaves() throws Exception {
        metrics.predictiveHealthy("h-one", "h-two", "h-three");
        var rollout = PredictiveRollouts.go(namespace, "healthy", cluster.prometheusAddress(), "1h", List.of(List.of("h-one"), List.of("h-two"), List.of("h-three")));
        rollout.getMetadata().setAnnotations(Map.of(PredictiveRolloutReconciler.REHEARSE, "initial")); // a drill up front
        Actors.reviewer().resource(rollout).create();
        var done = awaitPhase("healthy", PredictivePlanner.COMPLETED);
        assertThat(done.getStatus().getEnabledTenants()).containsExactlyInAnyOrder("h-one", "h-two", "h-three");
        assertThat(done.getStatus().getRollbackCount()).isZero();
        assertThat(done.getStatus().getDrills()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(dev.missioncontrol.operator.api.v1alpha1.DrillOutcome.Succeeded);
            assertThat(d.durationSeconds()).isNotNull();
        });
        assertThat(condition(done, "Completed").getStatus()).isEqualTo("True");
        var quotas = new ObjectMapper().readTree(client.configMaps().inNamespace(namespace).withName("healthy-quotas").get()
                .getData().get("quotas.json"));
        assertThat(quotas.path("tenants").path("h-three").path("enabled").asBoolean()).isTrue();
        assertThat(quotas.path("tenants").path("h-three").path("requestsPerMinute").asInt()).isEqualTo(600);
        assertThat(client.batch().v1().cronjobs().inNamespace(namespace).withName("healthy-rollback-drill").get()).isNotNull();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (var flags = FlagdEvaluator.load(flags("healthy"))) {
                assertThat(flags.bool(FLAG, "h-three")).isTrue();
                assertThat(flags.bool(FLAG, "someone-else")).isFalse();
            }
        });
        System.out.printf("[predictive] healthy: %s, drill %s%n", done.getStatus().getPhase(), done.getStatus().getDrills());
    }

    @Test
    void auditSamplingAt98Point5PercentPausesTheWave() {
        metrics.predictive("s-low", 0.985, 0.001, 0.0);
        metrics.predictiveHealthy("s-next");
        Actors.reviewer().resource(PredictiveRollouts.go(namespace, "sampling", cluster.prometheusAddress(), "1h", List.of(List.of("s-low"), List.of("s-next")))).create();
        var paused = awaitPhase("sampling", PredictivePlanner.PAUSED);
        var c = condition(paused, "WavePaused");
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getMessage()).contains("s-low auditSampling 0.985");
        assertThat(paused.getStatus().getEnabledTenants()).containsExactly("s-low");
        assertThat(paused.getStatus().getGates()).anySatisfy(g -> {
            assertThat(g.gate()).isEqualTo("auditSampling");
            assertThat(g.message()).isEqualTo("audit sampling 98.50 % breaches >= 99.00 %");
        });
        System.out.printf("[predictive] sampling: %s%n", c.getMessage());
    }

    @Test
    void anAbuseBreachRollsBackExactlyOneTenant() throws Exception {
        metrics.predictiveHealthy("a-good");
        metrics.predictive("a-abused", 0.996, 0.05, 0.0);
        Actors.reviewer().resource(PredictiveRollouts.go(namespace, "abuse", cluster.prometheusAddress(), "3s",
                List.of(List.of("a-good", "a-abused"), List.of("a-later")))).create();
        await().atMost(TIMEOUT).until(() -> get("abuse").getStatus() != null && get("abuse").getStatus().getRollbackCount() != null
                && get("abuse").getStatus().getRollbackCount() == 1);
        var s = get("abuse").getStatus();
        assertThat(s.getRollbacks()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo("a-abused");
            assertThat(r.gate()).isEqualTo("abuseRate");
            assertThat(r.value()).isEqualTo(0.05);
            assertThat(r.time()).isNotNull();
        });
        assertThat(s.getEnabledTenants()).contains("a-good").doesNotContain("a-abused");
        assertThat(condition(get("abuse"), "RolledBack").getStatus()).isEqualTo("True");
        // The Event is recorded after the status write (best effort), so it may land a moment after the status is read.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(e -> "abuse".equals(e.getInvolvedObject().getName()) && "TenantRolledBack".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getMessage()).contains("a-abused", "abuseRate");
                    assertThat(e.getCount()).as("recorded once (a repeat raises the count)").isEqualTo(1);
                }));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (var flags = FlagdEvaluator.load(flags("abuse"))) {
                assertThat(flags.bool(FLAG, "a-abused")).isFalse();
                assertThat(flags.bool(FLAG, "a-good")).isTrue();
            }
        });
        System.out.printf("[predictive] rollback: %s%n", s.getRollbacks().get(0).message());
    }

    @Test
    void theFinalWaveIsHeldUntilADrillSucceeds() {
        metrics.predictiveHealthy("d-one", "d-two");
        Actors.reviewer().resource(PredictiveRollouts.go(namespace, "drilled", cluster.prometheusAddress(), "1h", List.of(List.of("d-one"), List.of("d-two")))).create();
        var held = awaitPhase("drilled", PredictivePlanner.HELD_FOR_DRILL);
        assertThat(held.getStatus().getEnabledTenants()).containsExactly("d-one");
        assertThat(condition(held, "DrillCurrent").getReason()).isEqualTo("NoSuccessfulDrill");
        Edits.edit(client.resources(PredictiveRollout.class).inNamespace(namespace).withName("drilled"), r -> {
            r.getMetadata().getAnnotations().put(PredictiveRolloutReconciler.REHEARSE, "1");
            return r;
        });
        var done = awaitPhase("drilled", PredictivePlanner.COMPLETED);
        assertThat(done.getStatus().getLastSuccessfulDrill()).isNotNull();
        assertThat(done.getStatus().getEnabledTenants()).containsExactly("d-one", "d-two");
    }

    @Test
    void aMilestonePastItsDueDateRaisesTheOverdueCondition() {
        String soon = Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String later = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Actors.reviewer().resource(PredictiveRollouts.noGo(namespace, "remediate", later, List.of(
                new Milestone("bias-audit", "Complete the bias audit", "ml-ethics@example.com", soon, false),
                new Milestone("eval-set", "Publish the evaluation set", "ml-eval@example.com", later, true)))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = get("remediate").getStatus();
            assertThat(s.getPhase()).isEqualTo(PredictivePlanner.NO_GO);
            assertThat(s.getRemediationPercent()).isEqualTo(50);
            assertThat(s.getReReviewDate()).isEqualTo(later);
        });
        assertThat(condition(get("remediate"), "MilestoneOverdue").getStatus()).as("not due yet").isEqualTo("False");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var c = condition(get("remediate"), "MilestoneOverdue");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("bias-audit", "ml-ethics@example.com");
        });
        assertThat(get("remediate").getStatus().getOverdueMilestones()).extracting(o -> o.id()).containsExactly("bias-audit");
        // Events are recorded after the status write that decided them: the condition can be seen first.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(e -> "remediate".equals(e.getInvolvedObject().getName()) && "MilestoneOverdue".equals(e.getReason())));
        assertThat(condition(get("remediate"), "RemediationComplete").getStatus()).isEqualTo("False");
    }

    private PredictiveRollout awaitPhase(String name, dev.missioncontrol.operator.api.v1alpha1.PredictivePhase phase) {
        return await().atMost(TIMEOUT).until(() -> get(name), r -> r != null && r.getStatus() != null && phase.equals(r.getStatus().getPhase()));
    }

    private PredictiveRollout get(String name) {
        return client.resources(PredictiveRollout.class).inNamespace(namespace).withName(name).get();
    }

    private String flags(String name) {
        return client.configMaps().inNamespace(namespace).withName(name + "-flags").get().getData().get("flags.json");
    }

    private static Condition condition(PredictiveRollout r, String type) {
        return Conditions.find(r.getStatus().getConditions(), type).orElseThrow(() -> new AssertionError("no " + type + " in " + r.getStatus().getConditions()));
    }
}
