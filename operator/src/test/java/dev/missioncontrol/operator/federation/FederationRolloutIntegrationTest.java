package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import dev.missioncontrol.operator.testing.SearchMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staged GA against the local control plane and a real Prometheus scraping a stand-in for the gateway's
 * metrics. Analysis every 2 s over a 10 s window keeps each scenario to seconds. Each scenario has its own
 * tenants, so their metrics do not mix.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class FederationRolloutIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-rollout");
    static KubernetesClient client;
    static String namespace;
    static SearchMetrics metrics;

    @BeforeAll
    static void setUp() throws Exception {
        client = cluster.client();
        namespace = cluster.namespace();
        metrics = cluster.metrics();
    }

    /** Scenario 1 (and 5): a healthy two-step rollout reaches Promoted; a no-blending source never reaches the gateway. */
    @Test
    void healthyTwoStepRolloutReachesPromoted() throws Exception {
        metrics.healthy("h-acme", "h-globex");
        var cohort = FederationCohorts.rollout(namespace, "healthy", List.of("h-acme", "h-globex"), cluster.prometheusAddress(), "2s", 3, 1);
        var partner = new IndexSpec("partner-news", "https://partner-news.example.com/search");
        partner.setLicense(new LicenseSpec("LicenseRef-partner-news", List.of("no-blending")));
        cohort.getSpec().getSearch().getIndexes().add(partner);
        client.resource(cohort).create();

        FederationCohort promoted = awaitPhase("healthy", RolloutPhase.Promoted);
        var s = promoted.getStatus();
        assertThat(s.getHistory()).extracting(Transition::reason).containsExactly("RolloutStarted", "StepAdvanced", "AnalysisPassed");
        assertThat(s.getEnabledTenants()).containsExactly("h-acme", "h-globex");
        assertThat(s.getGates()).hasSize(3).allSatisfy(g -> assertThat(g.verdict()).isEqualTo(GateVerdictType.Passed));
        assertThat(s.getGates()).filteredOn(g -> g.name().equals("latency")).singleElement()
                .satisfies(g -> assertThat(g.value()).isBetween(0.25, 0.5));
        assertThat(Conditions.isTrue(s.getConditions(), "Promoted")).isTrue();
        System.out.printf("[rollout] healthy: Promoted after %s; gates %s%n", s.getHistory().stream().map(Transition::reason).toList(),
                s.getGates().stream().map(g -> g.name() + "=" + g.value()).toList());

        // License-aware blending: the no-blending source is audited but never configured.
        assertThat(s.getSources()).isEqualTo(new SourceCounts(2, 0, 1));
        var plan = client.configMaps().inNamespace(namespace).withName("healthy-federation-plan").get().getData();
        JsonNode gateway = JSON.readTree(plan.get("plan.json"));
        assertThat(gateway.get("indexes")).extracting(i -> i.get("name").asText()).containsExactly("products", "docs");
        assertThat(plan.get("plan.json")).doesNotContain("partner-news");
        assertThat(plan.get("sources.json")).contains("\"partner-news\"", "\"Block\"", "\"no-blending\"");
        var volume = client.apps().deployments().inNamespace(namespace).withName("healthy-gateway").get()
                .getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap();
        assertThat(volume.getItems()).extracting(i -> i.getKey()).containsExactly("plan.json");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (var flags = FlagdEvaluator.load(flagsJson("healthy"))) {
                assertThat(flags.string("federated-search.healthy.mode", "h-globex")).isEqualTo("federated");
            }
        });
    }

    /** Scenario 2: a latency breach falls back within failureLimit × interval, naming the measured p95. */
    @Test
    void latencyBreachFallsBackToSingleIndex() throws Exception {
        metrics.healthy("b-initech");
        metrics.tenant("b-hooli", 1.8, 0.005, 0.25); // every request 1.8 s: p95 interpolates to 1.975 s
        var cohort = FederationCohorts.rollout(namespace, "breach", List.of("b-hooli", "b-initech"), cluster.prometheusAddress(), "2s", 2, 1);
        client.resource(cohort).create();
        Deployment before = await().atMost(TIMEOUT).until(
                () -> client.apps().deployments().inNamespace(namespace).withName("breach-gateway").get(), d -> d != null);

        FederationCohort fallen = awaitPhase("breach", RolloutPhase.FallenBack);
        var s = fallen.getStatus();
        var condition = Conditions.find(s.getConditions(), "FallbackActive").orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getMessage()).contains("latency", "p95 1.975 s", "breaches <= 1.250 s", "2 consecutive failed analyses");
        System.out.printf("[rollout] breach: FallbackActive=True: %s%n", condition.getMessage());
        assertThat(s.getEnabledTenants()).isEmpty();
        assertThat(s.getMode()).isEqualTo("single-index");
        assertThat(s.getFailedChecks()).isEqualTo(2);

        Instant started = Instant.parse(s.getHistory().stream().filter(t -> t.reason().equals("RolloutStarted")).findFirst().orElseThrow().time());
        Instant fellBack = Instant.parse(s.getHistory().get(s.getHistory().size() - 1).time());
        assertThat(Duration.between(started, fellBack)).as("within failureLimit × interval (+ one reconcile of slack)")
                .isLessThanOrEqualTo(Duration.ofSeconds(2 * 2 + 2));

        // The Event is recorded just after the status write the test has just read: wait for it.
        List<Event> events = await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace(namespace).list()
                .getItems().stream()
                .filter(e -> "breach".equals(e.getInvolvedObject().getName()) && "FallbackActivated".equals(e.getReason())).toList(),
                found -> !found.isEmpty());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getCount()).as("recorded once (a repeat raises the count)").isEqualTo(1);
            assertThat(e.getMessage()).contains("p95 1.975 s");
        });

        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode plan = JSON.readTree(client.configMaps().inNamespace(namespace).withName("breach-federation-plan").get()
                    .getData().get("plan.json"));
            assertThat(plan.get("mode").asText()).isEqualTo("single-index");
            try (var flags = FlagdEvaluator.load(flagsJson("breach"))) {
                assertThat(flags.bool("federated-search.breach.enabled", "b-hooli")).isFalse();
                assertThat(flags.string("federated-search.breach.mode", "b-hooli")).isEqualTo("single-index");
            }
        });
        Deployment after = client.apps().deployments().inNamespace(namespace).withName("breach-gateway").get();
        assertThat(after.getMetadata().getUid()).as("fallback flips configuration, not the Deployment").isEqualTo(before.getMetadata().getUid());
        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    }

    /**
     * A cohort that really fell back (its gate breached failureLimit times, through the reconciler and Prometheus):
     * its flags ConfigMap, evaluated by flagd, federated tenants before and serves every tenant single-index after.
     */
    @Test
    void fallenBackCohortServesEveryTenantSingleIndex() throws Exception {
        metrics.healthy("fb-good", "fb-later");
        metrics.tenant("fb-slow", 1.8, 0.005, 0.25); // p95 about 1.975 s breaches the 1.25 s latency gate
        List<String> tenants = List.of("fb-good", "fb-slow", "fb-later");
        // Every flags document the ConfigMap ever held, to show the tenants were federated before the fallback.
        List<String> documents = new CopyOnWriteArrayList<>();
        var watch = client.configMaps().inNamespace(namespace).withName("fallback-flags").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                if (action != Action.DELETED && cm.getData() != null && cm.getData().get("flags.json") != null) {
                    documents.add(cm.getData().get("flags.json"));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try (watch) {
            client.resource(FederationCohorts.rollout(namespace, "fallback", tenants, cluster.prometheusAddress(), "2s", 2, 2)).create();
            FederationCohort fallen = awaitPhase("fallback", RolloutPhase.FallenBack);
            assertThat(fallen.getStatus().getFailedChecks()).isEqualTo(2);
            assertThat(fallen.getStatus().getEnabledTenants()).isEmpty();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                try (var flags = FlagdEvaluator.load(flagsJson("fallback"))) {
                    for (String tenant : tenants) {
                        assertThat(flags.bool("federated-search.fallback.enabled", tenant)).as(tenant + " enabled").isFalse();
                        assertThat(flags.string("federated-search.fallback.mode", tenant)).as(tenant + " mode").isEqualTo("single-index");
                    }
                }
            });
        }
        boolean federatedBefore = false;
        for (String document : documents) {
            try (var flags = FlagdEvaluator.load(document)) {
                federatedBefore |= "federated".equals(flags.string("federated-search.fallback.mode", "fb-slow"));
            }
        }
        assertThat(federatedBefore).as("fb-slow was served federated before the fallback, in one of " + documents.size()
                + " flags documents").isTrue();
    }

    /** Scenario 3: no data is Inconclusive, never Promoted. */
    @Test
    void noDataIsInconclusiveNotPromoted() throws Exception {
        var cohort = FederationCohorts.rollout(namespace, "silent", List.of("n-ghost"), cluster.prometheusAddress(), "2s", 2);
        client.resource(cohort).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = get("silent").getStatus();
            assertThat(s.getLastAnalysisTime()).isNotNull();
            assertThat(s.getGates()).hasSize(3).allSatisfy(g -> {
                assertThat(g.verdict()).isEqualTo(GateVerdictType.Inconclusive);
                assertThat(g.message()).startsWith("no data");
            });
        });
        Instant firstAnalysis = Instant.parse(get("silent").getStatus().getLastAnalysisTime());
        // Several more analyses: still not promoted, never counted as failures.
        await().atMost(TIMEOUT).until(() -> Instant.parse(get("silent").getStatus().getLastAnalysisTime())
                .isAfter(firstAnalysis.plusSeconds(5)));
        var s = get("silent").getStatus();
        assertThat(s.getPhase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(s.getFailedChecks()).isZero();
        assertThat(Conditions.find(s.getConditions(), "Analysis")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NoData");
        });
        assertThat(Conditions.isTrue(s.getConditions(), "Promoted")).isFalse();
        System.out.printf("[rollout] no data: phase %s, Analysis=%s%n", s.getPhase(),
                Conditions.find(s.getConditions(), "Analysis").get().getReason());
    }

    /** Scenario 4: cohort 2 waits for cohort 1 to be Promoted, then starts. */
    @Test
    void secondCohortWaitsForTheFirst() {
        metrics.healthy("o-one", "o-two");
        var second = FederationCohorts.rollout(namespace, "second", List.of("o-two"), cluster.prometheusAddress(), "2s", 3);
        second.getSpec().setAfter("first");
        client.resource(second).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = get("second").getStatus();
            assertThat(s.getPhase()).isEqualTo(RolloutPhase.Pending);
            assertThat(Conditions.find(s.getConditions(), "Progressing")).get().satisfies(c -> {
                assertThat(c.getReason()).isEqualTo("WaitingForCohort");
                assertThat(c.getMessage()).contains("waiting for FederationCohort first to be Promoted (it does not exist yet)");
            });
            assertThat(s.getEnabledTenants()).isEmpty();
        });

        client.resource(FederationCohorts.rollout(namespace, "first", List.of("o-one"), cluster.prometheusAddress(), "2s", 3)).create();
        FederationCohort first = awaitPhase("first", RolloutPhase.Promoted);
        FederationCohort secondPromoted = awaitPhase("second", RolloutPhase.Promoted);
        Instant firstPromotedAt = Instant.parse(last(first).time());
        Instant secondStartedAt = Instant.parse(secondPromoted.getStatus().getHistory().stream()
                .filter(t -> t.reason().equals("RolloutStarted")).findFirst().orElseThrow().time());
        assertThat(secondStartedAt).isAfterOrEqualTo(firstPromotedAt);
        System.out.printf("[rollout] ordering: first Promoted at %s, second started at %s%n", firstPromotedAt, secondStartedAt);
    }

    /** Manual control: pause holds, removing it resumes, abort falls back, a new retry value restarts. */
    @Test
    void annotationsPauseResumeAbortAndRetry() throws Exception {
        metrics.healthy("m-one", "m-two");
        var cohort = FederationCohorts.rollout(namespace, "manual", List.of("m-one", "m-two"), cluster.prometheusAddress(), "2s", 3, 1);
        cohort.getSpec().getRollout().getSteps().set(0, new dev.missioncontrol.operator.api.v1alpha1.RolloutStep(1, "1h"));
        client.resource(cohort).create();
        await().atMost(TIMEOUT).until(() -> get("manual").getStatus() != null && get("manual").getStatus().getStepPassedAt() != null);

        annotate("manual", "missioncontrol.dev/pause", "true");
        awaitPhase("manual", RolloutPhase.Paused);
        annotate("manual", "missioncontrol.dev/pause", null);
        awaitPhase("manual", RolloutPhase.Progressing);

        annotate("manual", "missioncontrol.dev/abort", "true");
        FederationCohort aborted = awaitPhase("manual", RolloutPhase.Aborted);
        assertThat(Conditions.find(aborted.getStatus().getConditions(), "FallbackActive")).get()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("ManualAbort"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (var flags = FlagdEvaluator.load(flagsJson("manual"))) {
                assertThat(flags.bool("federated-search.manual.enabled", "m-one")).isFalse();
            }
        });

        annotate("manual", "missioncontrol.dev/abort", null);
        annotate("manual", "missioncontrol.dev/retry", "1");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = get("manual").getStatus();
            assertThat(s.getPhase()).isEqualTo(RolloutPhase.Progressing);
            assertThat(s.getHandledRetry()).isEqualTo("1");
            assertThat(s.getEnabledTenants()).containsExactly("m-one");
        });
        annotate("manual", "missioncontrol.dev/promote", "true");
        FederationCohort promoted = awaitPhase("manual", RolloutPhase.Promoted);
        assertThat(promoted.getStatus().getHistory()).extracting(Transition::reason).containsSubsequence(
                "RolloutStarted", "ManualPause", "Resumed", "ManualAbort", "RetryRequested", "RolloutStarted", "ManualPromotion");
        assertThat(promoted.getSpec().getRollout().getSteps()).as("the spec is never written").hasSize(1);
    }

    /** The manual controls are decisions: set, changed and removed by a member of the operator group. */
    private void annotate(String name, String key, String value) {
        Edits.edit(Actors.operator().resources(FederationCohort.class).inNamespace(namespace).withName(name), c -> {
            if (value == null) {
                c.getMetadata().getAnnotations().remove(key);
            } else {
                c.getMetadata().getAnnotations().put(key, value);
            }
            return c;
        });
    }

    private FederationCohort awaitPhase(String name, RolloutPhase phase) {
        return await().atMost(TIMEOUT).until(() -> get(name),
                c -> c != null && c.getStatus() != null && c.getStatus().getPhase() == phase);
    }

    private FederationCohort get(String name) {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName(name).get();
    }

    private String flagsJson(String cohort) {
        return client.configMaps().inNamespace(namespace).withName(cohort + "-flags").get().getData().get("flags.json");
    }

    private static Transition last(FederationCohort c) {
        var h = c.getStatus().getHistory();
        return h.get(h.size() - 1);
    }
}
