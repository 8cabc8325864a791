package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.predictive.PredictivePlanner;
import dev.missioncontrol.operator.predictive.PredictiveRolloutReconciler;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import dev.missioncontrol.operator.testing.PrometheusServer;
import dev.missioncontrol.operator.testing.SimulatedSearchService;
import dev.missioncontrol.operator.testing.ApiServerAuditLog;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import dev.missioncontrol.operator.testing.SearchMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator is SIGKILLed and a new process resumes from what the cluster holds. FederationCohort
 * scenario 6: mid-rollout, no tenant is dropped from the flags, none is enabled twice, no step is repeated,
 * and the rollout finishes. ConnectRequest: the signed audit trail continues on the same chain.
 * PredictiveRollout: killed mid-wave, it finishes without starting a wave or a drill twice.
 * Runs in the integration-test phase, after the Quarkus tests' in-process operator has stopped.
 */
@Tag("process")
class OperatorRestartIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final List<String> TENANTS = List.of("r-acme", "r-globex", "r-initech", "r-umbrella");
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-restart").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
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
    void restartedOperatorResumesFromStatus() throws Exception {
        // Every flags document the cluster ever held, in order, across both operator processes.
        List<Set<String>> observed = Collections.synchronizedList(new ArrayList<>());
        var watch = client.configMaps().inNamespace(namespace).withName("restart-flags").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                if (action != Action.DELETED) {
                    observed.add(enabledIn(cm.getData().get("flags.json")));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try (var first = OperatorProcess.start("before-restart")) {
            var cohort = FederationCohorts.rollout(namespace, "restart", TENANTS, cluster.prometheusAddress(), "2s", 3, 1, 2, 3);
            cohort.getSpec().getRollout().getSteps().set(1, new RolloutStep(2, "6s")); // a held step to be killed in
            client.resource(cohort).create();
            await().atMost(TIMEOUT).until(() -> {
                var s = get().getStatus();
                return s != null && s.getCurrentStep() != null && s.getCurrentStep() == 1 && s.getStepPassedAt() != null;
            });
            first.kill();
        }
        var atKill = get().getStatus();
        assertThat(atKill.getEnabledTenants()).containsExactly("r-acme", "r-globex");
        Thread.sleep(4_000); // down for two analysis intervals: nothing may change while no operator runs
        assertThat(get().getStatus()).usingRecursiveComparison().isEqualTo(atKill);

        try (var second = OperatorProcess.start("after-restart")) {
            FederationCohort promoted = await().atMost(TIMEOUT).until(this::get,
                    c -> c.getStatus() != null && c.getStatus().getPhase() == RolloutPhase.Promoted);
            List<String> reasons = promoted.getStatus().getHistory().stream().map(Transition::reason).toList();
            assertThat(reasons).as("each step entered exactly once").containsExactly(
                    "RolloutStarted", "StepAdvanced", "StepAdvanced", "StepAdvanced", "AnalysisPassed");
            assertThat(promoted.getStatus().getHistory().get(2).time())
                    .as("the held step advanced after the restart, not before").isGreaterThan(atKill.getStepPassedAt());
            await().atMost(TIMEOUT).until(() -> !observed.isEmpty() && observed.get(observed.size() - 1).size() == TENANTS.size());
            // The signed plan chain continued across the SIGKILL with no fork: one entry per seq, each naming the one before.
            await().atMost(TIMEOUT).until(() -> get().getStatus().getProvenance() != null
                    && get().getStatus().getProvenance().count() > atKill.getProvenance().count());
            var provenance = get().getStatus().getProvenance();
            String previous = dev.missioncontrol.core.provenance.PlanStatement.GENESIS;
            for (long seq = 1; seq <= provenance.count(); seq++) {
                ConfigMap entry = client.configMaps().inNamespace(namespace).withName("restart-plan-" + seq).get();
                assertThat(entry).as("chain entry " + seq).isNotNull();
                var envelope = dev.missioncontrol.core.provenance.PlanStatement.envelope(entry.getData().get("envelope.json")).orElseThrow();
                var statement = dev.missioncontrol.core.provenance.PlanStatement.statement(envelope).orElseThrow();
                assertThat(statement.at("/predicate/previous").asText()).as("entry " + seq + " previous").isEqualTo(previous);
                previous = dev.missioncontrol.core.provenance.PlanStatement.envelopeDigest(envelope);
            }
            assertThat(client.configMaps().inNamespace(namespace).withName("restart-plan-" + (provenance.count() + 1)).get()).isNull();
            assertThat(provenance.headDigest()).isEqualTo(previous);
            System.out.printf("[restart] plan chain across the SIGKILL: %d entries (%d before it), head %s%n", provenance.count(),
                    atKill.getProvenance().count(), previous);
        } finally {
            watch.close();
        }
        List<Set<String>> history;
        synchronized (observed) {
            history = List.copyOf(observed);
        }
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i)).as("flags version %d never drops a tenant enabled in version %d: %s", i, i - 1, history)
                    .containsAll(history.get(i - 1));
        }
        System.out.printf("[restart] flags across the SIGKILL: %s%n", history);
        try (var flags = FlagdEvaluator.load(client.configMaps().inNamespace(namespace).withName("restart-flags").get()
                .getData().get("flags.json"))) {
            assertThat(flags.bool("federated-search.restart.enabled", "r-umbrella")).isTrue();
        }
    }

    /** Audit packets live in the cluster: a new operator process appends to the same chain, nothing is lost or repeated. */
    @Test
    void auditTrailSurvivesARestart() throws Exception {
        MarketplaceSources.licenseText(client, namespace, "provider-terms", MarketplaceSources.TERMS);
        var requests = client.resources(ConnectRequest.class).inNamespace(namespace);
        try (var first = OperatorProcess.start("audit-before-restart")) {
            client.resource(MarketplaceSources.source(namespace, "survivor", "provider-terms", MarketplaceSources.TERMS,
                    java.time.Instant.now().plus(Duration.ofDays(30)))).create();
            ConnectRequests.create(ConnectRequests.request(namespace, "keeps-trail", "survivor", "acme", ConnectRequests.approve()));
            await().atMost(TIMEOUT).until(() -> requests.withName("keeps-trail").get().getStatus() != null
                    && requests.withName("keeps-trail").get().getStatus().getPhase() == ConnectPhase.Connected);
            first.kill();
        }
        String headBefore = requests.withName("keeps-trail").get().getStatus().getAuditHeadSha256();
        try (var second = OperatorProcess.start("audit-after-restart")) {
            ConnectRequests.revoke(namespace, "keeps-trail", new Revocation("carol@platform.example", "pilot over"));
            await().atMost(TIMEOUT).until(() -> requests.withName("keeps-trail").get().getStatus().getPhase() == ConnectPhase.Revoked);
        }
        var cm = client.configMaps().inNamespace(namespace).withName("keeps-trail-audit").get();
        var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readValue(cm.getData().get("envelope.json"), Dsse.Envelope.class);
        var ring = dev.missioncontrol.core.audit.KeyRing.parse(client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE)
                .withName(dev.missioncontrol.core.audit.KeyRing.PUBLIC_KEYS_CONFIGMAP).get().getData()
                .get(dev.missioncontrol.core.audit.KeyRing.dataKey(dev.missioncontrol.core.audit.KeyRing.AUDIT)));
        var verification = AuditTrail.verify(envelope, ring);
        assertThat(verification.problems()).isEmpty();
        var entries = AuditTrail.entries(envelope);
        assertThat(entries).extracting(e -> e.to()).containsExactly("Pending", "Approved", "Connected", "Revoked");
        assertThat(entries.get(3).prevSha256()).as("the new process chained onto the old head").isEqualTo(headBefore);
        System.out.printf("[restart] audit trail across the SIGKILL: %s%n", entries.stream().map(e -> e.to()).toList());
    }

    /** PredictiveRollout: killed mid-wave, the new process continues from status; each wave starts exactly once. */
    @Test
    void predictiveRolloutResumesMidWave() throws Exception {
        metrics.predictiveHealthy("w-one", "w-two", "w-three");
        var rollouts = client.resources(PredictiveRollout.class).inNamespace(namespace);
        try (var first = OperatorProcess.start("predictive-before-restart")) {
            var rollout = PredictiveRollouts.go(namespace, "mid-wave", cluster.prometheusAddress(), "1h",
                    List.of(List.of("w-one"), List.of("w-two"), List.of("w-three")));
            rollout.getMetadata().setAnnotations(java.util.Map.of(PredictiveRolloutReconciler.REHEARSE, "initial"));
            Actors.reviewer().resource(rollout).create();
            await().atMost(TIMEOUT).until(() -> {
                var s = rollouts.withName("mid-wave").get().getStatus();
                return s != null && s.getCurrentWave() != null && s.getCurrentWave() == 1;
            });
            first.kill();
        }
        var atKill = rollouts.withName("mid-wave").get().getStatus();
        assertThat(atKill.getEnabledTenants()).containsExactly("w-one", "w-two");
        try (var second = OperatorProcess.start("predictive-after-restart")) {
            var done = await().atMost(TIMEOUT).until(() -> rollouts.withName("mid-wave").get(),
                    r -> r.getStatus() != null && PredictivePlanner.COMPLETED.equals(r.getStatus().getPhase()));
            assertThat(done.getStatus().getEnabledTenants()).containsExactly("w-one", "w-two", "w-three");
            assertThat(done.getStatus().getDrills()).as("the drill Job is not run twice").hasSize(1);
        }
        var waveStartEvents = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "mid-wave".equals(e.getInvolvedObject().getName()) && "WaveStarted".equals(e.getReason())).toList();
        var waveStarts = waveStartEvents.stream().map(e -> e.getMessage()).toList();
        // A repeat would raise the count of the Event already recorded (EventAggregation) rather than add one.
        assertThat(waveStartEvents).as("no wave started twice: %s", waveStarts).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
        // Events are best effort and recorded after the status write, so a SIGKILL between the two may lose one;
        // what must never happen is a wave started twice.
        assertThat(waveStarts).as("no wave started twice across both processes: %s", waveStarts).doesNotHaveDuplicates()
                .allSatisfy(m -> assertThat(m).startsWith("Wave "));
        System.out.printf("[restart] predictive waves across the SIGKILL: %s%n", waveStarts);
    }

    /**
     * Issue 12: a restarted operator (or the replica that takes over the lease) writes nothing when nothing changed.
     * Before, every rule-file ConfigMap was rewritten on each restart: its alert annotations came from a Map.of, whose
     * order differs per JVM. Here: cohorts (static and Promoted), a SearchSLO and a Connected request settle under one
     * process, which is stopped; a new process then reconciles them all and the API server's audit log records no
     * write in their namespace, Events included.
     */
    @Test
    void restartedOperatorWritesNothingWhenNothingChanged() throws Exception {
        var audit = ApiServerAuditLog.ofLocalCluster();
        var cohorts = client.resources(FederationCohort.class).inNamespace(namespace);
        var requests = client.resources(ConnectRequest.class).inNamespace(namespace);
        MarketplaceSources.licenseText(client, namespace, "quiet-terms", MarketplaceSources.TERMS);
        long setup = audit.mark();
        try (var first = OperatorProcess.start("quiet-before-restart")) {
            client.resource(FederationCohorts.cohort(namespace, "quiet", List.of("q-acme"))).create();
            client.resource(FederationCohorts.rollout(namespace, "quiet-promoted", List.of("r-acme"), cluster.prometheusAddress(),
                    "2s", 3, 1)).create();
            client.resource(dev.missioncontrol.operator.testing.SearchSLOs.availability(namespace, "quiet-slo")).create();
            client.resource(MarketplaceSources.source(namespace, "quiet-source", "quiet-terms", MarketplaceSources.TERMS,
                    java.time.Instant.now().plus(Duration.ofDays(30)))).create();
            ConnectRequests.create(ConnectRequests.request(namespace, "quiet-connect", "quiet-source", "acme", ConnectRequests.approve()));
            await().atMost(TIMEOUT).until(() -> cohorts.withName("quiet-promoted").get().getStatus() != null
                    && cohorts.withName("quiet-promoted").get().getStatus().getPhase() == RolloutPhase.Promoted
                    && requests.withName("quiet-connect").get().getStatus() != null
                    && requests.withName("quiet-connect").get().getStatus().getPhase() == ConnectPhase.Connected
                    && client.resources(dev.missioncontrol.operator.api.v1alpha1.SearchSLO.class).inNamespace(namespace)
                            .withName("quiet-slo").get().getStatus() != null);
            // Settled: no write by the operator in the namespace for 6 s (a Promoted cohort asks for no requeue).
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long m = audit.mark();
                Thread.sleep(6_000);
                return audit.writesSince(m, namespace).isEmpty();
            });
            assertThat(audit.writesSince(setup, namespace)).extracting(ApiServerAuditLog.Write::resource)
                    .as("the audit log sees the operator's writes (else the check below could not fail)")
                    .contains("configmaps", "federationcohorts", "events");
            first.terminate(Duration.ofSeconds(30)); // SIGTERM: a graceful stop, as a rolling update or failover does
        }
        long restart = audit.mark();
        try (var second = OperatorProcess.start("quiet-after-restart")) {
            // Ready means every informer has synced and the initial reconciliations are queued; give them time to run.
            Thread.sleep(15_000);
            var writes = audit.writesSince(restart, namespace);
            System.out.printf("[restart] writes by the restarted operator in %s: %s%n", namespace, writes);
            assertThat(writes).as("writes by a restarted operator with nothing changed").isEmpty();
            assertThat(second.logText()).as("the restarted operator reconciled (its log names the resources)").isNotBlank();
        }
    }

    /**
     * CacheWarmExperiment (issue 18, test 4): SIGKILLed mid-experiment, the new process keeps the assignment and the hashing
     * it recorded, its counts since the recorded start continue (never lower than before the kill), no tenant is
     * reshuffled (the flags, through flagd, route each to its recorded arm; no AssignmentDrift) and it does not start again.
     * What a restart loses is the in-memory state: the planner keeps none (the start, the assignment and the decision come
     * from status, the counts from Prometheus over the recorded start).
     */
    @Test
    void cacheWarmExperimentContinuesAcrossARestart() throws Exception {
        List<String> tenants = List.of("cw-acme", "cw-globex", "cw-initech", "cw-umbrella", "cw-hooli", "cw-stark", "cw-wayne", "cw-vehement");
        String ns = LocalCluster.createNamespace(client, "mc-restart-cwe");
        var experiments = client.resources(CacheWarmExperiment.class).inNamespace(ns);
        try (var search = SimulatedSearchService.start(tenants); var prometheus = PrometheusServer.start(search.target())) {
            var e = CacheWarmExperiments.topKAgainstControl(ns, "resumes", tenants, prometheus.address(), search.searchEndpoint());
            e.getSpec().setInterval("5s"); // the least the CRD allows
            e.getSpec().setMinDuration("10s");
            e.getSpec().setMaxDuration("10m");
            e.getSpec().setMinSamplePerArm(1_000_000_000L); // never enough: it stays Running across the restart
            String flagKey = dev.missioncontrol.operator.experiment.ExperimentFlags.flagKey(e);
            // The service routes each tenant by the flags ConfigMap as flagd evaluates it, before and after the kill.
            var evaluator = new java.util.concurrent.atomic.AtomicReference<FlagdEvaluator>();
            var served = new java.util.concurrent.atomic.AtomicReference<String>();
            var lastRead = new java.util.concurrent.atomic.AtomicLong();
            search.route(tenant -> {
                try {
                    synchronized (served) {
                        long now = System.nanoTime();
                        String doc = served.get();
                        if (now - lastRead.get() >= 1_000_000_000L) { // the ConfigMap at most once a second
                            lastRead.set(now);
                            var cm = client.configMaps().inNamespace(ns).withName("resumes-flags").get();
                            doc = cm == null || cm.getData() == null ? null : cm.getData().get(dev.missioncontrol.operator.flags.FlagdDocument.FILE_NAME);
                        }
                        if (doc != null && !doc.equals(served.get())) {
                            var old = evaluator.getAndSet(FlagdEvaluator.load(doc));
                            served.set(doc);
                            if (old != null) {
                                old.close();
                            }
                        }
                    }
                    return evaluator.get() == null ? null : evaluator.get().string(flagKey, tenant);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            CacheWarmExperimentStatus atKill;
            try (var first = OperatorProcess.start("experiment-before-restart")) {
                client.resource(e).create();
                // measured at least twice with lookups in every arm: the counts are running
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                    var st = experiments.withName("resumes").get().getStatus();
                    return st != null && st.getArms() != null && st.getArms().size() == 2
                            && st.getArms().stream().allMatch(a -> a.lookups() != null && a.lookups() > 1000);
                });
                first.kill();
            }
            atKill = experiments.withName("resumes").get().getStatus();
            assertThat(atKill.getDecision()).isEqualTo(ExperimentDecision.Running);
            try (var second = OperatorProcess.start("experiment-after-restart")) {
                // measured again by the new process, over the recorded start: every arm's counts went on from where they were
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    var st = experiments.withName("resumes").get().getStatus();
                    assertThat(java.time.Instant.parse(st.getMeasuredAt())).isAfter(java.time.Instant.parse(atKill.getMeasuredAt()));
                    assertThat(st.getArms()).allSatisfy(a -> assertThat(a.lookups()).isGreaterThan(
                            atKill.getArms().stream().filter(b -> b.name().equals(a.name())).findFirst().orElseThrow().lookups()));
                });
                var after = experiments.withName("resumes").get().getStatus();
                System.out.printf("[restart] experiment arms at the kill %s%n[restart] after the restart %s%n", atKill.getArms(), after.getArms());
                assertThat(after.getAssignment()).as("the recorded assignment").isEqualTo(atKill.getAssignment());
                assertThat(after.getHashing()).as("the recorded hashing").isEqualTo(atKill.getHashing());
                assertThat(after.getStartedAt()).as("not started again").isEqualTo(atKill.getStartedAt());
                assertThat(after.getFlagKey()).isEqualTo(atKill.getFlagKey());
                assertThat(after.getDecision()).as("no AssignmentDrift: %s", after.getConditions()).isEqualTo(ExperimentDecision.Running);
                for (var a : after.getArms()) {
                    var before = atKill.getArms().stream().filter(b -> b.name().equals(a.name())).findFirst().orElseThrow();
                    assertThat(a.hits()).as("hits of %s never go backwards", a.name()).isGreaterThanOrEqualTo(before.hits());
                    assertThat(a.tenants()).isEqualTo(before.tenants());
                }
                try (var flags = FlagdEvaluator.load(client.configMaps().inNamespace(ns).withName("resumes-flags").get().getData()
                        .get(dev.missioncontrol.operator.flags.FlagdDocument.FILE_NAME))) {
                    atKill.getAssignment().forEach(ta -> assertThat(flags.string(flagKey, ta.tenant())).as(ta.tenant()).isEqualTo(ta.arm()));
                }
                var started = client.v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(ev -> "resumes".equals(ev.getInvolvedObject().getName()) && "ExperimentStarted".equals(ev.getReason())).toList();
                assertThat(started).as("started once").hasSize(1).allSatisfy(ev -> assertThat(ev.getCount()).isEqualTo(1));
            }
        } finally {
            LocalCluster.deleteNamespace(client, ns);
        }
    }

    private FederationCohort get() {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName("restart").get();
    }

    /** The tenant list in the enabled flag's targeting rule. */
    static Set<String> enabledIn(String flagsJson) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(flagsJson);
            var list = root.path("flags").path("federated-search.restart.enabled").path("targeting").path("if").get(0).path("in").get(1);
            Set<String> tenants = new HashSet<>();
            list.forEach(t -> tenants.add(t.asText()));
            return tenants;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
