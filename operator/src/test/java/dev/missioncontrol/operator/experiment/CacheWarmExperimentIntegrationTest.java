package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.QueryList;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.PrometheusServer;
import dev.missioncontrol.operator.testing.SimulatedSearchService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CacheWarmExperiment on the local control plane with a real Prometheus scraping a simulated search service: tenants are
 * routed to arms by the real flagd provider evaluating the operator's flags ConfigMap, the TopK arm's warmer (its
 * CronJob's exact command, run as a local process: pods do not run in the simulated cluster) really warms its tenants'
 * caches, and the experiment must find that arm the winner, sign the verdict, and promote it.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class CacheWarmExperimentIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli", "vehement", "stark", "wayne");
    static KubernetesClient client;
    static String namespace;
    static SimulatedSearchService search;
    static PrometheusServer prometheus;
    /** The flags document the service routes by: the ConfigMap's, as flagd evaluates it. */
    static final AtomicReference<String> servedFlags = new AtomicReference<>();
    static final AtomicReference<FlagdEvaluator> flagd = new AtomicReference<>();

    @BeforeAll
    static void setUp() throws Exception {
        client = LocalCluster.client();
        // An earlier run's experiments holding these tenants would make this run's wait for them (TenantConflicts).
        LocalCluster.deleteLeftovers(client, "mc-experiment");
        LocalCluster.deleteLeftovers(client, "mc-cwe-other");
        namespace = LocalCluster.createNamespace(client, "mc-experiment");
        search = SimulatedSearchService.start(TENANTS);
        prometheus = PrometheusServer.start(search.target());
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            LocalCluster.release(client, namespace);
        } finally {
            if (flagd.get() != null) {
                flagd.get().close();
            }
            if (search != null) {
                search.close();
            }
            if (prometheus != null) {
                prometheus.close();
            }
        }
    }

    @Test
    void theArmThatReallyWarmsWinsItsVerdictVerifiesAndItIsPromoted(@TempDir Path dir) throws Exception {
        // The query log the TopK warmer ranks: each tenant's three most frequent queries, and a rare one.
        StringBuilder log = new StringBuilder();
        Instant t = Instant.now().minusSeconds(600);
        for (String tenant : TENANTS) {
            for (String q : List.of("shoes", "shoes", "shoes", "boots", "boots", "socks", "hats", "rare")) {
                log.append(t).append('\t').append(tenant).append('\t').append(q).append('\n');
            }
        }
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("query-log").withNamespace(namespace).endMetadata()
                .withData(Map.of("queries.tsv", log.toString())).build()).create();
        var e = CacheWarmExperiments.topKAgainstControl(namespace, "warmers", TENANTS, prometheus.address(), search.searchEndpoint());
        var spec = e.getSpec();
        spec.setInterval("5s");
        spec.setMinDuration("10s");
        spec.setMaxDuration("10m");
        spec.setMinSamplePerArm(2000L);
        spec.setPromoteWinner(true);
        var list = new QueryList();
        list.setConfigMap("query-log");
        list.setKey("queries.tsv");
        var warmer = new CacheWarmExperimentSpec.Warmer();
        warmer.setQueryList(list);
        warmer.setTopK(3);
        warmer.setQueriesPerSecond(50);
        spec.getArms().get(1).setWarmer(warmer);
        client.resource(e).create();

        // The assignment is recorded; the flags ConfigMap routes each tenant to its recorded arm through flagd.
        await().atMost(TIMEOUT).until(() -> get().getStatus() != null && !get().getStatus().getAssignment().isEmpty());
        Map<String, String> recorded = new LinkedHashMap<>();
        get().getStatus().getAssignment().forEach(a -> recorded.put(a.tenant(), a.arm()));
        assertThat(recorded.values()).contains("control", "topk");

        // A later experiment with one of its tenants, in another namespace (in the same one the chart's admission policy
        // refuses it, CacheWarmExperimentCrdTest): the operator refuses to start it.
        String otherNamespace = LocalCluster.createNamespace(client, "mc-cwe-other");
        var laterOne = client.resources(CacheWarmExperiment.class).inNamespace(otherNamespace).withName("warmers-later");
        try {
            var later = CacheWarmExperiments.topKAgainstControl(otherNamespace, "warmers-later", List.of("zeta", "acme"), prometheus.address(),
                    search.searchEndpoint());
            later.getSpec().setInterval("5s");
            client.resource(later).create();
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(laterOne.get().getStatus()).isNotNull()
                    .satisfies(st -> assertThat(st.getConditions()).anySatisfy(c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo(TenantConflicts.REASON);
                        assertThat(c.getMessage()).contains("tenant acme is also in CacheWarmExperiment " + namespace + "/warmers");
                    })));
            assertThat(laterOne.get().getStatus().getAssignment()).as("nothing assigned").isEmpty();
            assertThat(client.configMaps().inNamespace(otherNamespace).withName("warmers-later-flags").get()).as("no flags").isNull();
            assertThat(client.batch().v1().cronjobs().inNamespace(otherNamespace).withName("warmers-later-warm-topk").get()).as("no warmer").isNull();
            assertThat(client.v1().events().inNamespace(otherNamespace).list().getItems())
                    .anyMatch(ev -> "warmers-later".equals(ev.getInvolvedObject().getName()) && TenantConflicts.REASON.equals(ev.getReason()));
        } catch (RuntimeException | AssertionError failed) {
            LocalCluster.deleteNamespace(client, otherNamespace);
            throw failed;
        }
        String flagKey = get().getStatus().getFlagKey();
        await().atMost(TIMEOUT).until(() -> flags() != null);
        try (var evaluator = FlagdEvaluator.load(flags())) {
            recorded.forEach((tenant, arm) -> assertThat(evaluator.string(flagKey, tenant)).as(tenant).isEqualTo(arm));
        }
        // From now on the service routes every lookup by the flags ConfigMap as flagd evaluates it.
        var lastRead = new java.util.concurrent.atomic.AtomicLong();
        search.route(tenant -> {
            try {
                long now = System.nanoTime();
                String current = servedFlags.get();
                if (now - lastRead.get() >= 1_000_000_000L) { // the ConfigMap at most once a second
                    lastRead.set(now);
                    current = flags();
                }
                if (current != null && !current.equals(servedFlags.get())) {
                    var old = flagd.getAndSet(FlagdEvaluator.load(current));
                    servedFlags.set(current);
                    if (old != null) {
                        old.close();
                    }
                }
                return flagd.get() == null ? null : flagd.get().string(flagKey, tenant);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });

        // The TopK arm's warmer: the CronJob's exact arguments, with the mounted query log at a local path.
        await().atMost(TIMEOUT).until(() -> warmerArgs().contains("--tenants") && !warmerArgs().get(warmerArgs().indexOf("--tenants") + 1)
                .equals("none"));
        CronJob cj = client.batch().v1().cronjobs().inNamespace(namespace).withName(WarmerCronJobDependent.name(e, "topk")).get();
        assertThat(cj.getSpec().getSuspend()).isFalse();
        assertThat(client.batch().v1().cronjobs().inNamespace(namespace).withName(WarmerCronJobDependent.name(e, "control")).get())
                .as("the control does no warming").isNull();
        Path logFile = dir.resolve("queries.tsv");
        Files.writeString(logFile, log.toString());
        List<String> args = new ArrayList<>();
        warmerArgs().forEach(a -> args.add(a.equals(WarmerCronJobDependent.MOUNT + "/queries.tsv") ? logFile.toString() : a));
        var warm = ProcessRunner.mcctl(args.toArray(String[]::new));
        System.out.printf("[experiment] mcctl %s%n%s", String.join(" ", args), warm.output());
        assertThat(warm.code()).as(warm.output()).isZero();
        List<String> topkTenants = recorded.entrySet().stream().filter(x -> x.getValue().equals("topk")).map(Map.Entry::getKey).toList();
        assertThat(search.warmedTenants()).containsExactlyInAnyOrderElementsOf(topkTenants);

        // The experiment finds the arm that really warms.
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            var s = get().getStatus();
            assertThat(s.getDecision()).as("%s", s.getArms()).isEqualTo(ExperimentDecision.Winner);
        });
        // signed from the status that recorded the decision, by the pass after it was written
        await().atMost(TIMEOUT).until(() -> get().getStatus().getVerdict() != null);
        var s = get().getStatus();
        assertThat(s.getDecisionInputs().specSha256()).isEqualTo(s.getVerdict() == null ? null
                : dev.missioncontrol.core.audit.CanonicalJson.sha256(dev.missioncontrol.core.audit.CanonicalJson.MAPPER.valueToTree(get().getSpec())));
        System.out.printf("[experiment] decided %s %s at %s: arms %s, sample ratio %s%n", s.getDecision(), s.getWinner(), s.getDecidedAt(),
                s.getArms(), s.getSampleRatio());
        assertThat(s.getWinner()).isEqualTo("topk");
        var topkStatus = s.getArms().stream().filter(a -> a.name().equals("topk")).findFirst().orElseThrow();
        assertThat(topkStatus.lower()).isGreaterThan(spec.margin());
        assertThat(topkStatus.latencyGuardrail()).isEqualTo("Holds");
        assertThat(topkStatus.queryBudgetGuardrail()).isEqualTo("Holds");
        assertThat(s.getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        assertThat(s.getConditions()).anyMatch(c -> c.getType().equals("PrometheusReachable") && c.getStatus().equals("True"));
        // Its alert rules (guardrail breach, Invalid) are in place, as a PrometheusRule or a rule-file ConfigMap.
        String rules = dev.missioncontrol.operator.alerts.AlertRulesPrometheusRuleDependent.name(get());
        var ruleFile = client.configMaps().inNamespace(namespace).withName(rules).get();
        String rendered = ruleFile != null ? String.valueOf(ruleFile.getData())
                : JSON.writeValueAsString(client.genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
                        .inNamespace(namespace).withName(rules).get().getAdditionalProperties().get("spec"));
        assertThat(rendered).contains("CacheWarmGuardrailBreached", "CacheWarmExperimentInvalid");
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(ev -> "warmers".equals(ev.getInvolvedObject().getName()) && "ExperimentWinner".equals(ev.getReason()));

        // The verdict verifies with the operator namespace's published key, by the core verifier and by securesystemslib.
        ConfigMap verdictCm = client.configMaps().inNamespace(namespace).withName(s.getVerdict().configMap()).get();
        String envelopeJson = verdictCm.getData().get(VerdictConfigMap.KEY);
        var envelope = VerdictConfigMap.parse(envelopeJson);
        String purpose = CacheWarmExperimentReconciler.purpose(get());
        String ringJson = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get()
                .getData().get(KeyRing.dataKey(purpose));
        var ring = KeyRing.parse(ringJson);
        assertThat(ring.verifies(envelope)).isTrue();
        JsonNode statement = JSON.readTree(envelope.payloadBytes());
        assertThat(statement.at("/predicate/decision").asText()).isEqualTo("Winner");
        assertThat(statement.at("/predicate/winner").asText()).isEqualTo("topk");
        assertThat(statement.at("/subject/0/name").asText()).isEqualTo(namespace + "/warmers");
        Path envelopeFile = dir.resolve("verdict.dsse.json");
        Path ringFile = dir.resolve("ring.json");
        Files.writeString(envelopeFile, envelopeJson);
        Files.writeString(ringFile, ringJson);
        var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--envelope", envelopeFile.toString(), ringFile.toString());
        System.out.printf("[experiment] securesystemslib:%n%s", python.output());
        assertThat(python.code()).as(python.output()).isZero();
        assertThat(python.stdout()).contains("decision Winner winner topk");
        // mcctl experiment verify: the key ring and the experiment from the cluster (its purpose derived from namespace/name),
        // the signed figures against what status recorded.
        var mcctl = ProcessRunner.mcctl("experiment", "verify", "-n", namespace, "warmers", "--from-cluster", "--operator-namespace",
                LocalCluster.OPERATOR_NAMESPACE);
        System.out.printf("[experiment] mcctl experiment verify:%n%s", mcctl.output());
        assertThat(mcctl.code()).as(mcctl.output()).isZero();
        var control = s.getArms().stream().filter(a -> a.name().equals("control")).findFirst().orElseThrow();
        assertThat(mcctl.stdout()).startsWith("OK   " + namespace + "/warmers: decision Winner (topk)")
                .contains("control " + control.hits() + "/" + control.lookups(), "topk " + topkStatus.hits() + "/" + topkStatus.lookups())
                .contains("signed by key " + s.getVerdict().keyId().substring(0, 12));
        // The same verdict, given as the later experiment's (with the ring that signed it), is another experiment's.
        Path laterJson = dir.resolve("later.json");
        Files.writeString(laterJson, JSON.writeValueAsString(laterOne.get()));
        var other = ProcessRunner.mcctl("experiment", "verify", "-n", otherNamespace, "warmers-later", "--envelope", envelopeFile.toString(),
                "--experiment", laterJson.toString(), "--public-keys", ringFile.toString(), "--purpose", purpose);
        assertThat(other.code()).as(other.output()).isEqualTo(1);
        assertThat(other.stdout()).contains("the verdict is of experiment " + namespace + "/warmers, not " + otherNamespace + "/warmers-later");
        // A changed byte of the payload breaks it.
        var forged = JSON.readTree(envelopeJson);
        ((com.fasterxml.jackson.databind.node.ObjectNode) forged).put("payload", java.util.Base64.getEncoder().encodeToString(
                new String(envelope.payloadBytes()).replace("\"Winner\"", "\"NoDifference\"").getBytes()));
        Files.writeString(envelopeFile, forged.toString());
        assertThat(ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--envelope", envelopeFile.toString(), ringFile.toString()).code())
                .isEqualTo(1);
        assertThat(ring.verifies(VerdictConfigMap.parse(forged.toString()))).isFalse();
        var tampered = ProcessRunner.mcctl("experiment", "verify", "-n", namespace, "warmers", "--envelope", envelopeFile.toString(),
                "--public-keys", ringFile.toString());
        assertThat(tampered.code()).as(tampered.output()).isEqualTo(1);
        assertThat(tampered.stdout()).contains("the signature does not verify", "decision: signed NoDifference, status records Winner");

        // promoteWinner: the flags serve the winner to every tenant, through flagd.
        await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(get().getStatus().getPromoted()));
        try (var evaluator = FlagdEvaluator.load(flags())) {
            TENANTS.forEach(tenant -> assertThat(evaluator.string(flagKey, tenant)).as(tenant).isEqualTo("topk"));
        }
        // Decided: measuring stops, so the status stays as written.
        String measuredAt = get().getStatus().getMeasuredAt();
        Thread.sleep(6_000);
        assertThat(get().getStatus().getMeasuredAt()).isEqualTo(measuredAt);

        // warmers is decided: it no longer holds acme, and the later experiment starts by itself.
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(laterOne.get().getStatus().getStartedAt()).isNotNull();
                assertThat(laterOne.get().getStatus().getAssignment()).hasSize(2);
                assertThat(client.configMaps().inNamespace(otherNamespace).withName("warmers-later-flags").get()).isNotNull();
            });
        } finally {
            LocalCluster.deleteNamespace(client, otherNamespace);
        }
    }

    static CacheWarmExperiment get() {
        return get("warmers");
    }

    static CacheWarmExperiment get(String name) {
        return client.resources(CacheWarmExperiment.class).inNamespace(namespace).withName(name).get();
    }

    static String flags() {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName("warmers-flags").get();
        return cm == null || cm.getData() == null ? null : cm.getData().get(FlagdDocument.FILE_NAME);
    }

    static List<String> warmerArgs() {
        CronJob cj = client.batch().v1().cronjobs().inNamespace(namespace).withName("warmers-warm-topk").get();
        return cj == null ? List.of() : cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }
}
