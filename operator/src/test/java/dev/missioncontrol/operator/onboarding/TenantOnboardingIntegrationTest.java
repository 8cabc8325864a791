package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.ObjectRef;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingBudget;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingLimitRange;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingNamespace;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackRef;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackSpec;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingWorkload;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingSpec;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TenantOnboarding against the real API server: a clean pack goes live (objects, flag on, verifiable evidence); a pack
 * with a hostNetwork pod and a quota breach is Blocked with two rows and nothing persisted (Pod Security baseline
 * enforce refuses hostNetwork; the chart's onboarding policies are not needed for it); an appeal token waives a block
 * until it expires, after which the tenant is Suspended by itself, while a stale or altered token is refused with its
 * own reason; and an operator that lost the status adopts the evidence bundle rather than signing a second one.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class TenantOnboardingIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final KeyPair APPROVER = Ed25519Keys.generate();
    static final String RUN = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
    static final String NS = LocalCluster.OPERATOR_NAMESPACE;
    static KubernetesClient client;
    static final List<String> packs = new ArrayList<>();
    static final List<String> tenants = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        // The approvers' trust list binds the key to its holder; only a platform admin may write it (the chart's policy).
        var ring = dev.missioncontrol.core.onboarding.ApproverTrustList.of("alice@platform", APPROVER.getPublic(), "2026-01-01T00:00:00Z");
        dev.missioncontrol.operator.testing.Actors.as("pat@platform.example", "mission-control:platform-admins", "system:masters")
                .resource(new ConfigMapBuilder().withNewMetadata().withName(OnboardingConfig.APPROVERS_CONFIGMAP).withNamespace(NS)
                .endMetadata().withData(Map.of(OnboardingConfig.APPROVERS_KEY, ring.toJson())).build())
                .fieldManager("platform-team").forceConflicts().serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            tenants.forEach(t -> client.resources(TenantOnboarding.class).withName(t).delete());
            packs.forEach(p -> client.resources(OnboardingPack.class).withName(p).delete());
            client.close();
        }
    }

    static JsonNode json(String text) {
        try {
            return CanonicalJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static OnboardingPack pack(String name, List<OnboardingWorkload> workloads) {
        var spec = new OnboardingPackSpec();
        spec.setVersion("1.0.0");
        var ns = new OnboardingNamespace();
        ns.setSuffix("app");
        spec.setNamespaces(List.of(ns));
        var lr = new OnboardingLimitRange();
        lr.setDefaultLimits(Map.of("cpu", "200m", "memory", "128Mi"));
        lr.setDefaultRequests(Map.of("cpu", "100m", "memory", "64Mi"));
        spec.setLimitRange(lr);
        spec.setPodSecurity("baseline");
        spec.setIsolateNetwork(true);
        spec.setFeatureFlags(List.of("onboarded"));
        spec.setMeteringPlan("standard");
        spec.setWorkloads(workloads);
        var p = new OnboardingPack();
        p.getMetadata().setName(name + "-" + RUN);
        p.setSpec(spec);
        packs.add(p.getMetadata().getName());
        return client.resource(p).create();
    }

    static OnboardingWorkload pod(String name, boolean hostNetwork, String cpu) {
        var w = new OnboardingWorkload();
        w.setNamespaceSuffix("app");
        w.setManifest(json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + (hostNetwork ? "\"hostNetwork\":true," : "") + "\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\""
                + (cpu == null ? "" : ",\"resources\":{\"requests\":{\"cpu\":\"" + cpu + "\"},\"limits\":{\"cpu\":\"" + cpu + "\"}}") + "}]}}"));
        return w;
    }

    static TenantOnboarding onboarding(String tenant, OnboardingPack pack, boolean goLive, List<String> tokens) {
        var spec = new TenantOnboardingSpec();
        spec.setTenantId(tenant);
        spec.setCostCentre("cc-1");
        var ref = new OnboardingPackRef();
        ref.setName(pack.getMetadata().getName());
        spec.setPackRef(ref);
        var budget = new OnboardingBudget();
        budget.setPods(5);
        budget.setCpu("1");
        budget.setMemory("1Gi");
        budget.setStorage("1Gi");
        budget.setMeteringUnitsPerMonth(1000);
        spec.setBudget(budget);
        spec.setOwners(List.of("alice@example.com"));
        spec.setAppealTokens(tokens);
        spec.setGoLive(goLive);
        var t = new TenantOnboarding();
        t.getMetadata().setName(tenant);
        t.setSpec(spec);
        tenants.add(tenant);
        return client.resource(t).create();
    }

    static TenantOnboarding get(String tenant) {
        return client.resources(TenantOnboarding.class).withName(tenant).get();
    }

    static OnboardingPhase phase(String tenant) {
        var t = get(tenant);
        return t.getStatus() == null ? null : t.getStatus().getPhase();
    }

    /** The status as JSON, so a failed wait shows the rows and conditions. */
    static String describe(String tenant) {
        var t = get(tenant);
        return t == null ? "(no onboarding " + tenant + ")" : CanonicalJson.write(CanonicalJson.MAPPER.valueToTree(t.getStatus()));
    }

    /** The API versions of the kinds a pack renders (an evidence subject names kind, namespace and name only). */
    static final Map<String, String> API_VERSIONS = Map.of("Namespace", "v1", "ResourceQuota", "v1", "LimitRange", "v1",
            "ConfigMap", "v1", "Pod", "v1", "NetworkPolicy", "networking.k8s.io/v1", "RoleBinding", "rbac.authorization.k8s.io/v1",
            "SearchSLO", "missioncontrol.dev/v1alpha1");

    static Dsse.Envelope evidence(String tenant) {
        ConfigMap cm = client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get();
        return AppealToken.parse(cm.getData().get(EvidenceBundle.DATA_KEY));
    }

    @Test
    void aCleanPackGoesLiveWithItsObjectsTheFlagOnAndEvidenceThatVerifiesAndARestartSignsNoSecondBundle() throws Exception {
        String tenant = "clean-" + RUN;
        var pack = pack("clean", List.of(pod("web", false, null)));
        onboarding(tenant, pack, true, List.of());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Live));
        var live = get(tenant);
        assertThat(live.getStatus().getSimulation()).isEmpty();
        assertThat(live.getStatus().getBlocksAtGoLive()).isZero();
        assertThat(Conditions.isTrue(live.getStatus().getConditions(), "Ready")).isTrue();
        String home = tenant + "-app";
        Namespace ns = client.namespaces().withName(home).get();
        assertThat(ns.getMetadata().getLabels()).containsEntry(PackRenderer.TENANT_LABEL, tenant).containsEntry("pod-security.kubernetes.io/enforce", "baseline");
        assertThat(ns.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(live.getMetadata().getUid()));
        assertThat(client.resourceQuotas().inNamespace(home).withName(PackRenderer.QUOTA_NAME).get()).isNotNull();
        assertThat(client.pods().inNamespace(home).withName("web").get()).isNotNull();
        // no sandbox is left
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.namespaces().withLabel(Simulation.SIMULATION_FOR).list().getItems())
                .noneMatch(n -> TenantObjects.ownedBy(n, live) && n.getMetadata().getDeletionTimestamp() == null));

        // The flag is on for the tenant, as flagd evaluates the document.
        String flags = client.configMaps().inNamespace(home).withName(TenantObjects.FLAGS_CONFIGMAP).get().getData().get("flags.json");
        try (var flagd = FlagdEvaluator.load(flags)) {
            assertThat(flagd.bool("onboarded", tenant)).isTrue();
            assertThat(flagd.bool("onboarded", "someone-else")).isFalse();
        }

        // The evidence verifies with the published onboarding-evidence ring, and its subjects are the live objects.
        Dsse.Envelope envelope = evidence(tenant);
        String ringJson = client.configMaps().inNamespace(NS).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get().getData()
                .get(KeyRing.dataKey(EvidenceBundle.PURPOSE));
        assertThat(KeyRing.parse(ringJson).verifies(envelope)).isTrue();
        JsonNode statement = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
        var subjects = EvidenceStatement.subjects(statement);
        assertThat(subjects).containsKeys(new ObjectRef("Namespace", null, home), new ObjectRef("Pod", home, "web"),
                new ObjectRef("ResourceQuota", home, PackRenderer.QUOTA_NAME));
        assertThat(live.getStatus().getEvidence().getDigest()).isEqualTo(AppealToken.digest(envelope));
        ConfigMap bundle = client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get();
        assertThat(bundle.getImmutable()).isTrue();

        // The operator's real bundle verifies with the tools a platform team uses: mcctl, reading the bundle, the ring and
        // the live objects from the cluster, and the independent verifier (securesystemslib, in-toto-attestation) over the
        // live objects as the API server returns them.
        var mcctl = ProcessRunner.mcctl("onboarding", "evidence", "verify", "--tenant", tenant, "--from-cluster", "--operator-namespace", NS);
        System.out.printf("[onboarding] mcctl onboarding evidence verify:%n%s", mcctl.output());
        assertThat(mcctl.code()).as(mcctl.output()).isZero();
        assertThat(mcctl.stdout()).contains("OK", "tenant " + tenant, "drift against the cluster: none");
        Path dir = Files.createTempDirectory("onboarding-evidence");
        Path envelopeFile = Files.writeString(dir.resolve("evidence.dsse.json"), bundle.getData().get(EvidenceBundle.DATA_KEY));
        Path ringFile = Files.writeString(dir.resolve("ring.json"), ringJson);
        var items = CanonicalJson.MAPPER.createArrayNode();
        for (ObjectRef ref : subjects.keySet()) {
            String apiVersion = API_VERSIONS.get(ref.kind());
            assertThat(apiVersion).as("the API version of " + ref.kind()).isNotNull();
            var op = client.genericKubernetesResources(apiVersion, ref.kind());
            var found = ref.namespace() == null ? op.withName(ref.name()).get() : op.inNamespace(ref.namespace()).withName(ref.name()).get();
            assertThat(found).as(ref.toString()).isNotNull();
            items.add(CanonicalJson.MAPPER.valueToTree(found));
        }
        Path objectsFile = Files.writeString(dir.resolve("objects.json"), CanonicalJson.write(
                CanonicalJson.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "List").set("items", items)));
        var independent = ProcessRunner.python(Path.of("..", "hack", "verify-evidence.py"), envelopeFile.toString(), ringFile.toString(),
                "--tenant", tenant, "--objects", objectsFile.toString());
        System.out.printf("[onboarding] hack/verify-evidence.py:%n%s", independent.output());
        assertThat(independent.code()).as(independent.output()).isZero();
        assertThat(independent.stdout()).contains("OK", "securesystemslib", "drift against");

        // "Restart" with the status lost: the operator adopts the bundle (same digest), creates nothing twice.
        String namespaceUid = ns.getMetadata().getUid();
        String bundleVersion = bundle.getMetadata().getResourceVersion();
        client.resources(TenantOnboarding.class).withName(tenant).editStatus(t -> {
            t.getStatus().setEvidence(null);
            t.getStatus().setPhase(OnboardingPhase.Simulating);
            t.getStatus().setSimulation(null);
            t.getStatus().setRenderedSha256(null);
            return t;
        });
        client.namespaces().withName(home).edit(n -> {
            n.getMetadata().getLabels().put("touched", "yes");
            return n;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var again = get(tenant);
            assertThat(again.getStatus().getPhase()).isEqualTo(OnboardingPhase.Live);
            assertThat(again.getStatus().getEvidence()).isNotNull();
            assertThat(again.getStatus().getEvidence().getDigest()).isEqualTo(AppealToken.digest(envelope));
        });
        assertThat(client.configMaps().inNamespace(NS).withLabel(EvidenceBundle.EVIDENCE_LABEL, "onboarding")
                .withLabel(PackRenderer.TENANT_LABEL, tenant).list().getItems()).hasSize(1);
        assertThat(client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get().getMetadata().getResourceVersion())
                .isEqualTo(bundleVersion);
        assertThat(client.namespaces().withName(home).get().getMetadata().getUid()).isEqualTo(namespaceUid);
        assertThat(client.pods().inNamespace(home).list().getItems()).hasSize(1);
    }

    @Test
    void aHostNetworkPodAndAQuotaBreachAreTwoRowsNothingPersistedAndBlocked() {
        String tenant = "blocked-" + RUN;
        var pack = pack("blocked", List.of(pod("host-probe", true, null), pod("big", false, "8")));
        var created = onboarding(tenant, pack, true, List.of());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Blocked));
        var blocked = get(tenant);
        String home = tenant + "-app";
        assertThat(blocked.getStatus().getSimulation()).as(describe(tenant)).extracting(r -> r.getObject() + " " + r.getCheck() + " " + r.getAction())
                .containsExactly("Pod/" + home + "/big ResourceQuota Deny", "Pod/" + home + "/host-probe PodSecurity Deny");
        assertThat(blocked.getStatus().getSimulation()).allSatisfy(r -> assertThat(r.getMessage()).doesNotContain("-sim-"));
        assertThat(blocked.getStatus().getBlocks()).isEqualTo(2);
        var ready = Conditions.find(blocked.getStatus().getConditions(), "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("PolicyBlocked");
        assertThat(client.namespaces().withName(home).get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get()).isNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.namespaces().withLabel(Simulation.SIMULATION_FOR).list().getItems())
                .noneMatch(n -> TenantObjects.ownedBy(n, created) && n.getMetadata().getDeletionTimestamp() == null));
    }

    @Test
    void anAppealTokenWaivesOneBlockUntilItExpiresAndStaleOrAlteredTokensAreRefusedWithTheirOwnReason() {
        String tenant = "appeal-" + RUN;
        var pack = pack("appeal", List.of(pod("host-probe", true, null)));
        onboarding(tenant, pack, true, List.of());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Blocked));

        String home = tenant + "-app";
        ObjectRef podRef = new ObjectRef("Pod", home, "host-probe");
        var rendered = PackRenderer.render(PackConversion.pack(client.resources(OnboardingPack.class).withName(pack.getMetadata().getName()).get()),
                PackConversion.request(get(tenant).getSpec()));
        ObjectNode pod = rendered.objects().stream().filter(o -> ObjectRef.of(o).equals(podRef)).findFirst().orElseThrow();
        Instant now = Instant.now();
        String keyId = Ed25519Keys.keyId(APPROVER.getPublic());
        var claims = new AppealToken.Claims(tenant, "PodSecurity", podRef, CanonicalSpec.sha256(pod), now.minusSeconds(5),
                now.plusSeconds(20), "OPS-15", "alice@platform");
        var valid = AppealToken.create(claims, APPROVER.getPrivate(), keyId, null);
        var staleClaims = new AppealToken.Claims(tenant, "PodSecurity", podRef, "0".repeat(64), now.minusSeconds(5), now.plusSeconds(600),
                "OPS-16", "alice@platform");
        var stale = AppealToken.create(staleClaims, APPROVER.getPrivate(), keyId, null);
        var other = AppealToken.create(new AppealToken.Claims(tenant, "PodSecurity", podRef, CanonicalSpec.sha256(pod), now.minusSeconds(5),
                now.plusSeconds(600), "OPS-17", "alice@platform"), APPROVER.getPrivate(), keyId, null);
        byte[] sig = Base64.getDecoder().decode(other.signatures().get(0).sig());
        sig[sig.length - 1] ^= 1;
        var flipped = new Dsse.Envelope(other.payloadType(), other.payload(),
                List.of(new Dsse.Sig(other.signatures().get(0).keyid(), Base64.getEncoder().encodeToString(sig))));
        client.resources(TenantOnboarding.class).withName(tenant).edit(t -> {
            t.getSpec().setAppealTokens(List.of(AppealToken.toJson(valid), AppealToken.toJson(stale), AppealToken.toJson(flipped)));
            return t;
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Live));
        var live = get(tenant);
        assertThat(live.getStatus().getSimulation()).singleElement().satisfies(r -> assertThat(r.getWaivedBy()).isEqualTo(AppealToken.digest(valid)));
        assertThat(live.getStatus().getWaivers()).singleElement().satisfies(w -> assertThat(w.getToken()).isZero());
        var tokens = Conditions.find(live.getStatus().getConditions(), TenantOnboardingStatusAggregator.APPEAL_TOKENS_ACCEPTED).orElseThrow();
        assertThat(tokens.getStatus()).isEqualTo("False");
        assertThat(tokens.getMessage()).contains("spec.appealTokens[1]: SpecChanged").contains("spec.appealTokens[2]: BadSignature");
        assertThat(client.namespaces().withName(home).get()).isNotNull();
        assertThat(client.pods().inNamespace(home).withName("host-probe").get()).as("a waiver never bypasses admission").isNull();

        // At notAfter the operator decides again by itself: Suspended, naming the token, flags off.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Suspended));
        var suspended = get(tenant);
        var ready = Conditions.find(suspended.getStatus().getConditions(), "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("WaiverExpired");
        assertThat(ready.getMessage()).contains("spec.appealTokens[0]");
        String flags = client.configMaps().inNamespace(home).withName(TenantObjects.FLAGS_CONFIGMAP).get().getData().get("flags.json");
        assertThat(flags).doesNotContain("\"" + tenant + "\"");
    }

    @Test
    void anOperatorKilledAfterApplyingSomeObjectsButBeforeTheBundleFinishesWithoutDuplicatesAndSignsOneBundle() {
        String tenant = "restart-" + RUN;
        var pack = pack("restart", List.of(pod("web", false, null)));
        var created = onboarding(tenant, pack, false, List.of());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Ready));

        // What an operator killed mid go-live leaves: the home namespace applied and owned by the onboarding, no bundle.
        String home = tenant + "-app";
        var rendered = PackRenderer.render(PackConversion.pack(client.resources(OnboardingPack.class).withName(pack.getMetadata().getName()).get()),
                PackConversion.request(created.getSpec()));
        new TenantObjects(client).apply(created, rendered.objects().subList(0, 1));
        String namespaceUid = client.namespaces().withName(home).get().getMetadata().getUid();
        assertThat(client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get()).isNull();

        client.resources(TenantOnboarding.class).withName(tenant).edit(t -> {
            t.getSpec().setGoLive(true);
            return t;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Live));
        assertThat(client.namespaces().withName(home).get().getMetadata().getUid()).as("the namespace is adopted, not re-created")
                .isEqualTo(namespaceUid);
        assertThat(client.namespaces().withLabel(PackRenderer.TENANT_LABEL, tenant).list().getItems())
                .filteredOn(n -> !n.getMetadata().getLabels().containsKey(Simulation.SIMULATION_FOR)).hasSize(1);
        assertThat(client.pods().inNamespace(home).list().getItems()).hasSize(1);
        assertThat(client.configMaps().inNamespace(NS).withLabel(EvidenceBundle.EVIDENCE_LABEL, "onboarding")
                .withLabel(PackRenderer.TENANT_LABEL, tenant).list().getItems()).hasSize(1);
        assertThat(get(tenant).getStatus().getEvidence().getDigest()).isEqualTo(AppealToken.digest(evidence(tenant)));
    }

    /** A dry-run create of a pod in the namespace, through Fabric8's HTTP client: the Warning headers it got. */
    static List<String> dryRunWarnings(String namespace) throws Exception {
        var http = client.getHttpClient();
        String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + namespace + "/pods?dryRun=All";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"probe\"},\"spec\":{\"containers\":"
                + "[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\"}]}}";
        var response = http.sendAsync(http.newHttpRequestBuilder().uri(url).post("application/json", body).build(), String.class)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        return response.headers("Warning");
    }

    @Test
    void aValidatingAdmissionPolicyWithTheWarnActionIsAWarnRowThatDoesNotBlock() throws Exception {
        String tenant = "warn-" + RUN;
        String policy = "onb-test-registries-" + RUN;
        client.resource("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: " + policy + "}\n"
                + "spec:\n  failurePolicy: Fail\n  matchConstraints:\n    resourceRules:\n    - {apiGroups: [''], apiVersions: [v1], "
                + "operations: [CREATE, UPDATE], resources: [pods]}\n  validations:\n  - expression: \"object.spec.containers.all(c, "
                + "c.image.startsWith('approved.example/'))\"\n    message: images must come from approved.example\n")
                .fieldManager("platform-team").forceConflicts().serverSideApply();
        client.resource("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: " + policy + "}\n"
                + "spec:\n  policyName: " + policy + "\n  validationActions: [Warn]\n  matchResources:\n    namespaceSelector:\n"
                + "      matchLabels: {missioncontrol.dev/tenant: " + tenant + "}\n")
                .fieldManager("platform-team").forceConflicts().serverSideApply();
        // A namespace of the tenant, as the chart's tenant-namespace policy wants one: named <tenant>-…, with a cost centre.
        String probe = tenant + "-probe";
        client.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(probe)
                .addToLabels(PackRenderer.TENANT_LABEL, tenant).addToLabels("missioncontrol.dev/cost-centre", "cc-warn").endMetadata().build())
                .create();
        try {
            // The API server loads a new policy a moment after it is created: wait until it answers.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(dryRunWarnings(probe)).isNotEmpty());

            var pack = pack("warn", List.of(pod("web", false, null)));
            onboarding(tenant, pack, true, List.of());
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Live));
            var live = get(tenant);
            assertThat(live.getStatus().getSimulation()).singleElement().satisfies(r -> {
                assertThat(r.getObject()).isEqualTo("Pod/" + tenant + "-app/web");
                assertThat(r.getCheck()).isEqualTo(policy);
                assertThat(r.getAction()).isEqualTo("Warn");
                assertThat(r.getMessage()).contains("images must come from approved.example");
            });
            assertThat(live.getStatus().getBlocks()).isZero();
        } finally {
            LocalCluster.deleteNamespace(client, probe);
            client.resource("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: " + policy + "}\n").delete();
            client.resource("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: " + policy + "}\n").delete();
        }
    }

    @Test
    void aTakenNamespaceOrAnUnknownParameterBlocksWithAConditionNamingItAndNothingIsCreated() {
        String tenant = "taken-" + RUN;
        String home = tenant + "-app";
        client.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(home).endMetadata().build()).create();
        try {
            var pack = pack("taken", List.of());
            onboarding(tenant, pack, true, List.of());
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(phase(tenant)).as(describe(tenant)).isEqualTo(OnboardingPhase.Blocked));
            var ready = Conditions.find(get(tenant).getStatus().getConditions(), "Ready").orElseThrow();
            assertThat(ready.getReason()).isEqualTo("NamespaceTaken");
            assertThat(ready.getMessage()).contains("namespace " + home + " exists and is not owned by this onboarding");
            assertThat(client.namespaces().withName(home).get().getMetadata().getOwnerReferences()).isEmpty();
            assertThat(client.configMaps().inNamespace(NS).withName(EvidenceBundle.name(tenant)).get()).isNull();
        } finally {
            client.namespaces().withName(home).delete();
        }

        String unknown = "param-" + RUN;
        var pack = pack("param", List.of());
        var bad = onboarding(unknown, pack, false, List.of()); // not going live meanwhile
        client.resources(TenantOnboarding.class).withName(unknown).edit(t -> {
            t.getSpec().setParameters(Map.of("nope", "1"));
            return t;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(phase(unknown)).as(describe(unknown)).isEqualTo(OnboardingPhase.Blocked);
            var ready = Conditions.find(get(unknown).getStatus().getConditions(), "Ready").orElseThrow();
            assertThat(ready.getReason()).isEqualTo("UnknownParameter");
            assertThat(ready.getMessage()).contains("parameters.nope");
        });
        assertThat(bad).isNotNull();
    }
}
