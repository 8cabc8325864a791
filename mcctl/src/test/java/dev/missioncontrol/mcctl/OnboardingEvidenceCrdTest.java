package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.EvidenceVerifier;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, test 5 (evidence drift), against the real API server (the apiserver layer's KUBECONFIG; no operator, so the
 * evidence is built and signed here with core and a test key, and written where and how the contract says the operator
 * writes it: ConfigMap tenant-&lt;id&gt;-evidence in the operator's namespace, data key evidence.dsse.json, the ring in
 * mission-control-public-keys). {@code evidence export} and {@code evidence verify --tenant --from-cluster} pass; after one
 * object is edited verify names exactly that object (Changed), after another is deleted also that one (Missing).
 * hack/verify-evidence.py agrees on the same objects (needs {@code make python-deps}, which make test-apiserver runs).
 */
@Tag("apiserver")
class OnboardingEvidenceCrdTest {

    @TempDir
    Path dir;
    KubernetesClient client;
    String operatorNamespace;
    String tenant;
    String tenantNamespace;

    @BeforeEach
    void setUp() {
        client = new KubernetesClientBuilder().build();
        String id = UUID.randomUUID().toString().substring(0, 8);
        operatorNamespace = "mc-evidence-op-" + id;
        tenant = "ev" + id;
        tenantNamespace = tenant + "-web";
        for (String ns : List.of(operatorNamespace, tenantNamespace)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("missioncontrol.dev/test", "true")
                    .endMetadata().build()).create();
        }
    }

    @AfterEach
    void tearDown() {
        client.namespaces().withName(tenantNamespace).delete();
        client.namespaces().withName(operatorNamespace).delete();
        client.close();
    }

    /** An object as the API server returns it (raw JSON, not through any model class). */
    JsonNode raw(String path) throws Exception {
        String json = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + path);
        assertThat(json).as(path).isNotNull();
        return CanonicalJson.MAPPER.readTree(json);
    }

    String pythonOut;

    /** hack/verify-evidence.py on the envelope, with the given objects as a kind: List manifest (make python-deps). */
    int python(Path envelope, Path ring, List<JsonNode> live) throws Exception {
        var list = CanonicalJson.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(live);
        Path objects = Files.writeString(dir.resolve("live-" + System.nanoTime() + ".json"), list.toString());
        List<String> command = List.of("python3", EvidencePythonVerifierTest.VERIFIER.toString(), envelope.toString(), ring.toString(),
                "--tenant", tenant, "--objects", objects.toString());
        Path log = Files.createTempFile(dir, "python-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).as(command.toString()).isTrue();
        pythonOut = Files.readString(log);
        return p.exitValue();
    }

    OnboardingAppealCommandTest.Run mcctl(String... args) {
        return OnboardingAppealCommandTest.run(args);
    }

    OnboardingAppealCommandTest.Run verifyFromCluster(String... extra) {
        List<String> args = new ArrayList<>(List.of("onboarding", "evidence", "verify", "--tenant", tenant, "--from-cluster",
                "--operator-namespace", operatorNamespace));
        args.addAll(List.of(extra));
        return mcctl(args.toArray(String[]::new));
    }

    @Test
    void exportAndVerifyPassThenAnEditedObjectIsChangedAndADeletedOneMissing() throws Exception {
        String ns = tenantNamespace;
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("tenant-metering").withNamespace(ns).endMetadata()
                .addToData("units", "1000").build()).create();
        client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("tenant-budget").withNamespace(ns).endMetadata()
                .withNewSpec().addToHard("pods", new Quantity("10")).endSpec().build()).create();
        client.resource(new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").withNamespace(ns).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();
        List<JsonNode> created = List.of(raw("/api/v1/namespaces/" + ns),
                raw("/api/v1/namespaces/" + ns + "/configmaps/tenant-metering"),
                raw("/api/v1/namespaces/" + ns + "/resourcequotas/tenant-budget"),
                raw("/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies/default-deny"));

        var fx = new EvidenceFixture();
        String envelope = fx.envelope(tenant, created);
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(EvidenceVerifier.configMapName(tenant))
                .withNamespace(operatorNamespace).addToLabels("missioncontrol.dev/tenant", tenant)
                .addToLabels("missioncontrol.dev/evidence", "onboarding").endMetadata().withImmutable(true)
                .addToData(EvidenceVerifier.DATA_KEY, envelope).build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).withNamespace(operatorNamespace)
                .endMetadata().addToData(KeyRing.dataKey(EvidenceVerifier.SIGNING_PURPOSE), fx.ring()).build()).create();

        Path exported = dir.resolve("evidence.dsse.json");
        var r = mcctl("onboarding", "evidence", "export", tenant, "--operator-namespace", operatorNamespace, "--out", exported.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(exported).trim()).isEqualTo(envelope);
        String kubeconfig = System.getenv("KUBECONFIG");
        r = kubeconfig == null ? mcctl("onboarding", "evidence", "export", tenant, "--operator-namespace", operatorNamespace)
                : mcctl("onboarding", "evidence", "export", tenant, "--operator-namespace", operatorNamespace, "--kubeconfig", kubeconfig);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo(envelope);

        r = verifyFromCluster();
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("OK   ConfigMap " + operatorNamespace + "/tenant-" + tenant + "-evidence: tenant " + tenant)
                .contains("4 object(s)", "drift against the cluster: none");
        Path ring = Files.writeString(dir.resolve("ring.json"), fx.ring());
        r = mcctl("onboarding", "evidence", "verify", "--bundle", exported.toString(), "--public-keys", ring.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // the independent verifier agrees on the digests of the objects as the API server returns them
        assertThat(python(exported, ring, created)).as(pythonOut).isZero();

        client.configMaps().inNamespace(ns).withName("tenant-metering").edit(cm -> {
            cm.getData().put("units", "5000");
            return cm;
        });
        r = verifyFromCluster();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(OnboardingEvidenceCommandTest.reasons(r.out())).containsExactly("Changed");
        assertThat(r.out()).contains("FAIL Changed ConfigMap/" + ns + "/tenant-metering: recorded sha256 ");
        List<JsonNode> live = List.of(created.get(0), raw("/api/v1/namespaces/" + ns + "/configmaps/tenant-metering"), created.get(2),
                created.get(3));
        assertThat(python(exported, ring, live)).as(pythonOut).isEqualTo(1);
        assertThat(OnboardingEvidenceCommandTest.reasons(pythonOut)).as(pythonOut).containsExactly("Changed");

        client.network().networkPolicies().inNamespace(ns).withName("default-deny").delete();
        client.network().networkPolicies().inNamespace(ns).withName("default-deny").waitUntilCondition(p -> p == null,
                30, java.util.concurrent.TimeUnit.SECONDS);
        r = verifyFromCluster("-o", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode doc = CanonicalJson.MAPPER.readTree(r.out());
        assertThat(doc.path("verified").asBoolean()).isTrue();
        assertThat(doc.path("drift").findValuesAsText("object")).containsExactly("ConfigMap/" + ns + "/tenant-metering",
                "NetworkPolicy/" + ns + "/default-deny");
        assertThat(doc.path("drift").findValuesAsText("reason")).containsExactly("Changed", "Missing");

        r = mcctl("onboarding", "evidence", "verify", "--tenant", "nobody", "--from-cluster", "--operator-namespace", operatorNamespace);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read the evidence: no evidence ConfigMap tenant-nobody-evidence");
        r = mcctl("onboarding", "evidence", "export", "nobody", "--operator-namespace", operatorNamespace);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no evidence ConfigMap tenant-nobody-evidence in namespace " + operatorNamespace);
    }
}
