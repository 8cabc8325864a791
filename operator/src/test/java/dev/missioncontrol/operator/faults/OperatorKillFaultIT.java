package dev.missioncontrol.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.RolloutStep;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.OperatorProcess;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator SIGKILLed at random moments of staged rollouts, at least mc.faults.kills times (default 20) in a
 * loop seeded by mc.faults.seed (printed; set it to replay a run): one kill in five lands 0.5 to 4.5 s after launch
 * (informers syncing), the others 0 to 6 s after the process is ready (reconciling: between a status write and its
 * Events, between a status write and the flags it implies).
 * Cohorts of five one-tenant steps (interval 1 s) are created one after another as each is promoted; a ConnectRequest
 * is connected before the loop and revoked half way through it. Watching from outside the operator, the test checks:
 * <ul>
 * <li>every step happens once: status.currentStep never goes back, the history only grows and at the end lists each
 * step entered exactly once, in order;</li>
 * <li>no tenant's flag is ever lost: every version of each cohort's flags ConfigMap enables a superset of the last one
 * (also read between kills);</li>
 * <li>Events are never duplicated: each step's Event is recorded at most once, and one is missing only where a SIGKILL
 * fell right after the status write that decided it (Events are recorded after the status write, best effort);</li>
 * <li>the ConnectRequest's signed audit trail is continuous: Pending, Approved, Connected, Revoked, each once, on one
 * hash chain that verifies.</li>
 * </ul>
 */
@Tag("faults")
class OperatorKillFaultIT {

    static final long SEED = Long.getLong("mc.faults.seed", System.nanoTime());
    static final int KILLS = Integer.getInteger("mc.faults.kills", 20);
    static final int STEPS = 5;
    static final List<String> TENANTS = List.of("k-acme", "k-globex", "k-initech", "k-umbrella", "k-hooli");
    /** A missing step Event is explained by a SIGKILL this close to the moment its status write was seen. */
    static final Duration EVENT_WINDOW = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-kill").installingCrds()
            .withMetrics(m -> m.healthy(TENANTS.toArray(String[]::new)));
    static KubernetesClient client;
    static String namespace;

    /** Per cohort, every status version and every flags version the watches saw, with when they were seen. */
    final Map<String, List<Seen<FederationCohortStatus>>> statuses = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, List<Seen<Set<String>>>> flags = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Instant> kills = new ArrayList<>();
    int selfExits;

    record Seen<T>(Instant at, T value) {
    }

    @BeforeAll
    static void setUp() {
        client = cluster.client();
        namespace = cluster.namespace();
    }

    @Test
    void everyStepOnceNoFlagLostNoEventRepeatedTrailContinuousAcrossRandomSigkills() throws Exception {
        System.out.printf("[kill] seed %d, %d kills (replay with -Dmc.faults.seed=%d -Dmc.faults.kills=%d)%n", SEED, KILLS, SEED, KILLS);
        Random random = new Random(SEED);
        var rollouts = client.resources(FederationCohort.class).inNamespace(namespace);
        var requests = client.resources(ConnectRequest.class).inNamespace(namespace);
        MarketplaceSources.licenseText(client, namespace, "provider-terms", MarketplaceSources.TERMS);
        client.resource(MarketplaceSources.source(namespace, "kill-source", "provider-terms", MarketplaceSources.TERMS,
                Instant.now().plus(Duration.ofDays(30)))).create();
        ConnectRequests.create(ConnectRequests.request(namespace, "kill-trail", "kill-source", "k-acme", ConnectRequests.approve()));

        var cohortWatch = rollouts.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, FederationCohort c) {
                if (action != Action.DELETED && c.getStatus() != null) {
                    statuses.computeIfAbsent(c.getMetadata().getName(), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(new Seen<>(Instant.now(), c.getStatus()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        var flagsWatch = client.configMaps().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                String name = cm.getMetadata().getName();
                if (action != Action.DELETED && name.matches("kill-\\d+-flags")) { // the cohorts' flags, not the request's
                    flags.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(new Seen<>(Instant.now(), enabledIn(cm)));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        List<String> cohorts = new ArrayList<>();
        Instant start = Instant.now();
        try {
            cohorts.add(createCohort(1));
            int revokeAt = Math.max(1, KILLS / 2);
            Map<String, Set<String>> flagsBetweenKills = new TreeMap<>();
            for (int i = 1; i <= KILLS; i++) {
                if (i == revokeAt) {
                    // As the revoker, as the admission policies require.
                    ConnectRequests.revoke(namespace, "kill-trail", new Revocation("carol@platform.example", "pilot over"));
                }
                // One kill in five lands while the process starts (informers syncing, first reconciliations queued);
                // the others a random time after it is ready, while it reconciles. Counted from readiness, not launch,
                // so that a slow start on a loaded machine does not turn every kill into a kill during startup.
                boolean duringStartup = random.nextInt(5) == 0;
                long delayMillis = duringStartup ? 500 + random.nextInt(4_000) : random.nextInt(6_000);
                Instant launched = Instant.now();
                var operator = launchUntilStarted("kill-" + i, duringStartup);
                Duration startup = Duration.between(launched, Instant.now());
                Thread.sleep(delayMillis);
                operator.kill();
                kills.add(Instant.now());
                String current = cohorts.get(cohorts.size() - 1);
                var status = rollouts.withName(current).get().getStatus();
                System.out.printf("[kill] %2d %5d ms after %s: %s %s%n", i, delayMillis,
                        duringStartup ? "launch (during startup)" : "ready (ready " + startup.toMillis() + " ms after launch)", current,
                        status == null ? "no status" : status.getPhase() + " step " + status.getCurrentStep() + " " + status.getEnabledTenants());
                for (String cohort : cohorts) {
                    var cm = client.configMaps().inNamespace(namespace).withName(cohort + "-flags").get();
                    if (cm != null) {
                        Set<String> now = enabledIn(cm);
                        assertThat(now).as("%s's flags after kill %d keep every tenant enabled before it", cohort, i)
                                .containsAll(flagsBetweenKills.getOrDefault(cohort, Set.of()));
                        flagsBetweenKills.put(cohort, now);
                    }
                }
                if (status != null && status.getPhase() == RolloutPhase.Promoted) {
                    cohorts.add(createCohort(cohorts.size() + 1));
                }
            }
            // One last process, left alone, finishes what the kills interrupted.
            try (var last = launchUntilStarted("kill-final", false)) {
                for (String cohort : cohorts) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> rollouts.withName(cohort).get(),
                            c -> c.getStatus() != null && c.getStatus().getPhase() == RolloutPhase.Promoted);
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> requests.withName("kill-trail").get().getStatus() != null
                        && requests.withName("kill-trail").get().getStatus().getPhase() == ConnectPhase.Revoked);
                for (String cohort : cohorts) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> enabledIn(client.configMaps().inNamespace(namespace)
                            .withName(cohort + "-flags").get()).size() == TENANTS.size());
                }
            }
        } finally {
            cohortWatch.close();
            flagsWatch.close();
        }
        System.out.printf("[kill] %d SIGKILLs over %d cohort(s) %s in %d s; %d process(es) exited by themselves while starting%n",
                kills.size(), cohorts.size(), cohorts, Duration.between(start, Instant.now()).toSeconds(), selfExits);

        int lostEvents = 0;
        for (String cohort : cohorts) {
            checkStatusOnlyMovesForward(cohort);
            checkFlagsOnlyGrow(cohort);
            var done = rollouts.withName(cohort).get();
            RolloutRecord.assertEachStepEnteredOnce(done, STEPS);
            assertThat(done.getStatus().getFallbackCount()).isNull();
            lostEvents += checkEventsAtMostOnce(done);
        }
        System.out.printf("[kill] step Events lost to a SIGKILL between status write and Event: %d%n", lostEvents);
        checkAuditTrail(requests.withName("kill-trail").get());
    }

    /**
     * Launches an operator process; unless the kill is meant for its startup, waits until it is ready. A process that
     * exits by itself while starting (an informer whose first list timed out on a loaded API server: the operator
     * exits so that its pod restarts) is launched again, as a kubelet would.
     */
    private OperatorProcess launchUntilStarted(String name, boolean duringStartup) throws Exception {
        for (int attempt = 1; ; attempt++) {
            var operator = OperatorProcess.builder(attempt == 1 ? name : name + "-" + attempt).launch();
            if (duringStartup) {
                return operator;
            }
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !operator.isAlive() || operator.health("/q/health/ready").code() == 200);
            if (operator.isAlive()) {
                return operator;
            }
            selfExits++;
            System.out.printf("[kill] %s exited by itself while starting (exit %d, see %s); launching it again%n", name,
                    operator.awaitExit(Duration.ofSeconds(1)), operator.log());
            assertThat(attempt).as("%s failed to start %d times", name, attempt).isLessThan(5);
        }
    }

    private String createCohort(int n) {
        String name = "kill-" + n;
        var cohort = FederationCohorts.rollout(namespace, name, TENANTS, cluster.prometheusAddress(), "1s", 1, 1, 2, 3, 4, 5);
        for (int i = 0; i < STEPS - 1; i++) {
            cohort.getSpec().getRollout().getSteps().set(i, new RolloutStep(i + 1, "1s"));
        }
        client.resource(cohort).create();
        return name;
    }

    /** currentStep never goes back, and each status's history extends the one before it. */
    private void checkStatusOnlyMovesForward(String cohort) {
        List<Seen<FederationCohortStatus>> seen = List.copyOf(statuses.getOrDefault(cohort, List.of()));
        assertThat(seen).as("status versions of %s", cohort).isNotEmpty();
        for (int i = 1; i < seen.size(); i++) {
            var before = seen.get(i - 1).value();
            var after = seen.get(i).value();
            if (before.getCurrentStep() != null && after.getCurrentStep() != null) {
                assertThat(after.getCurrentStep()).as("%s: currentStep goes back in version %d", cohort, i)
                        .isGreaterThanOrEqualTo(before.getCurrentStep());
            }
            List<?> h0 = before.getHistory() == null ? List.of() : before.getHistory();
            List<?> h1 = after.getHistory() == null ? List.of() : after.getHistory();
            assertThat(h1.subList(0, Math.min(h0.size(), h1.size()))).as("%s: history rewritten in version %d", cohort, i)
                    .isEqualTo(h0);
            assertThat(h1.size()).isGreaterThanOrEqualTo(h0.size());
            assertThat(Optional.ofNullable(after.getEnabledTenants()).orElse(List.of()))
                    .as("%s: status drops an enabled tenant in version %d", cohort, i)
                    .containsAll(Optional.ofNullable(before.getEnabledTenants()).orElse(List.of()));
        }
    }

    /** Every version of the flags ConfigMap the watch saw enables a superset of the version before it. */
    private void checkFlagsOnlyGrow(String cohort) {
        List<Seen<Set<String>>> seen = List.copyOf(flags.getOrDefault(cohort + "-flags", List.of()));
        assertThat(seen).as("flags versions of %s", cohort).isNotEmpty();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).value()).as("%s flags version %d keeps every tenant of version %d: %s", cohort, i, i - 1,
                    seen.stream().map(Seen::value).toList()).containsAll(seen.get(i - 1).value());
        }
        assertThat(seen.get(seen.size() - 1).value()).containsExactlyInAnyOrderElementsOf(TENANTS);
    }

    /**
     * Each step Event at most once; a missing one only where a SIGKILL fell within EVENT_WINDOW of the moment the status
     * write that decided it was seen. Returns how many were missing.
     */
    private int checkEventsAtMostOnce(FederationCohort done) {
        String cohort = done.getMetadata().getName();
        Map<String, Integer> counts = RolloutRecord.stepEventCounts(client, done);
        Map<String, Integer> expected = RolloutRecord.expectedStepEvents(STEPS);
        assertThat(counts.keySet()).as("%s: step Events %s", cohort, counts).isSubsetOf(expected.keySet());
        counts.forEach((key, count) -> assertThat(count).as("%s: Event %s recorded %d times", cohort, key, count).isEqualTo(1));
        Map<String, Instant> decided = decidedAt(cohort);
        int missing = 0;
        for (String key : expected.keySet()) {
            if (counts.containsKey(key)) {
                continue;
            }
            missing++;
            Instant at = decided.get(key);
            assertThat(at).as("%s: the status write behind missing Event %s was seen", cohort, key).isNotNull();
            boolean killedThen = kills.stream().anyMatch(k -> Duration.between(at, k).abs().compareTo(EVENT_WINDOW) <= 0);
            System.out.printf("[kill] %s: Event %s missing; its status write was seen at %s%n", cohort, key, at);
            assertThat(killedThen).as("%s: Event %s is missing, but no SIGKILL fell within %s of its status write (%s); kills %s",
                    cohort, key, EVENT_WINDOW, at, kills).isTrue();
        }
        return missing;
    }

    /** When the watch first saw each step Event's decision in status (the write the Event follows). */
    private Map<String, Instant> decidedAt(String cohort) {
        Map<String, Instant> at = new TreeMap<>();
        for (var seen : List.copyOf(statuses.getOrDefault(cohort, List.of()))) {
            var s = seen.value();
            if (s.getCurrentStep() == null || s.getPhase() == null) {
                continue;
            }
            int step = s.getCurrentStep() + 1;
            if (s.getPhase() == RolloutPhase.Progressing) {
                at.putIfAbsent(step == 1 ? "RolloutStarted step-1" : "StepAdvanced step-" + step, seen.at());
                if (s.getStepPassedAt() != null) {
                    at.putIfAbsent("AnalysisPassed step-" + step, seen.at());
                }
            } else if (s.getPhase() == RolloutPhase.Promoted) {
                at.putIfAbsent("AnalysisPassed step-" + STEPS, seen.at());
                at.putIfAbsent("Promoted", seen.at());
            }
        }
        return at;
    }

    /** Pending, Approved, Connected, Revoked: each once, on one hash chain, signed by the namespace's audit key. */
    private void checkAuditTrail(ConnectRequest request) throws IOException {
        var cm = client.configMaps().inNamespace(namespace).withName("kill-trail-audit").get();
        var envelope = JSON.readValue(cm.getData().get("envelope.json"), Dsse.Envelope.class);
        var ring = KeyRing.parse(client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE)
                .withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get().getData().get(KeyRing.dataKey(KeyRing.AUDIT)));
        assertThat(AuditTrail.verify(envelope, ring).problems()).isEmpty();
        var entries = AuditTrail.entries(envelope);
        System.out.printf("[kill] audit trail across the SIGKILLs: %s%n", entries.stream().map(e -> e.seq() + ":" + e.to()).toList());
        assertThat(entries).extracting(e -> e.to()).containsExactly("Pending", "Approved", "Connected", "Revoked");
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prevSha256()).as("entry %d chains onto entry %d", i, i - 1)
                    .isEqualTo(AuditTrail.hash(entries.get(i - 1)));
        }
        assertThat(request.getStatus().getAuditHeadSha256()).isEqualTo(AuditTrail.hash(entries.get(entries.size() - 1)));
    }

    /** The tenants the cohort's enabled flag targets. */
    static Set<String> enabledIn(ConfigMap cm) {
        try {
            var root = JSON.readTree(cm.getData().get("flags.json"));
            String cohort = cm.getMetadata().getName().replaceFirst("-flags$", "");
            var list = root.path("flags").path("federated-search." + cohort + ".enabled").path("targeting").path("if").get(0)
                    .path("in").get(1);
            Set<String> tenants = new LinkedHashSet<>();
            list.forEach(t -> tenants.add(t.asText()));
            return tenants;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
