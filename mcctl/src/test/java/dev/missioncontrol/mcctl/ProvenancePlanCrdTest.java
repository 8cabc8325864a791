package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcctl provenance plan} against the real API server (the apiserver layer's KUBECONFIG; no operator): the chain
 * ConfigMaps the operator keeps (immutable, labelled with the cohort and seq) are read by label, ordered by seq, and the
 * chain written stitches and verifies; another cohort's statements are not mixed in; a cohort without statements is exit 2.
 */
@Tag("apiserver")
class ProvenancePlanCrdTest {

    @TempDir
    Path dir;
    KubernetesClient client;
    String namespace;

    @BeforeEach
    void setUp() {
        client = new KubernetesClientBuilder().build();
        namespace = "mc-provenance-plan-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).addToLabels("missioncontrol.dev/test", "true")
                .endMetadata().build()).create();
    }

    @AfterEach
    void tearDown() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    void configMap(String cohort, String seq, String envelope) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(cohort + "-plan-" + seq).withNamespace(namespace)
                .addToLabels(ProvenanceCommand.PROVENANCE_OF, cohort).addToLabels(ProvenanceCommand.PROVENANCE_SEQ, seq).endMetadata()
                .withImmutable(true).addToData(ProvenanceCommand.ENVELOPE_KEY, envelope).addToData("plan.json", "{}").build()).create();
    }

    @Test
    void theChainIsReadFromTheClusterBySeqAndTheExportStitchedUnderItVerifies() throws Exception {
        var fx = new ProvenanceFixture(dir);
        List<String> chain = Files.readAllLines(fx.chain);
        configMap("wave-1", "2", chain.get(1));
        configMap("wave-1", "1", chain.get(0));
        configMap("wave-10", "1", chain.get(1)); // another cohort: not part of wave-1's chain

        Path read = dir.resolve("read.jsonl");
        assertThat(fx.run("provenance", "plan", "-n", namespace, "wave-1", "-o", read.toString())).as(fx.err).isZero();
        assertThat(fx.out).contains("2 plan statement(s) of " + namespace + "/wave-1");
        assertThat(Files.readAllLines(read)).containsExactlyElementsOf(chain);

        Files.copy(read, fx.chain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path bundle = dir.resolve("bundle");
        assertThat(fx.stitch(bundle, fx.wiki, fx.docs, fx.forum)).as(fx.err).isZero();
        assertThat(fx.verify(bundle)).as(fx.out).isZero();

        assertThat(fx.run("provenance", "plan", "-n", namespace, "wave-2", "-o", dir.resolve("none.jsonl").toString())).isEqualTo(2);
        assertThat(fx.err).contains("no plan statements of cohort " + namespace + "/wave-2");
    }
}
