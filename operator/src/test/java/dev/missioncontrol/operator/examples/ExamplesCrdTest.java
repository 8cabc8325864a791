package dev.missioncontrol.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.marketplace.SourceAssessment;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** examples/ stays valid: the API server accepts every object (server-side dry run) and the license hashes match their texts. */
@Tag("apiserver")
class ExamplesCrdTest extends ApiServerCrdTest {

    final List<HasMetadata> examples = new ArrayList<>();

    @BeforeAll
    void loadExamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    examples.addAll(client.load(in).items());
                }
            }
        }
    }

    @Test
    void everyExampleIsAcceptedByTheApiServer() {
        assertThat(examples).extracting(HasMetadata::getKind)
                .contains("FederationCohort", "MarketplaceSource", "ConnectRequest", "PredictiveRollout", "MeteringRotation",
                        "SearchSLO", "PersistentVolumeClaim", "ConfigMap", "Namespace");
        for (HasMetadata item : examples) {
            if (item instanceof Namespace ns) {
                // The example's namespace may exist on a shared cluster: dry-run the same object under a fresh name.
                var copy = client.getKubernetesSerialization().clone(ns);
                copy.getMetadata().setName(namespace + "-example");
                client.resource(copy).dryRun().create();
                continue;
            }
            item.getMetadata().setNamespace(namespace);
            client.resource(item).dryRun().create();
        }
    }

    @Test
    void everyExampleSourceRegistersTheHashOfItsLicenseText() {
        List<MarketplaceSource> sources = examples.stream().filter(e -> "MarketplaceSource".equals(e.getKind()))
                .map(e -> client.getKubernetesSerialization().convertValue(e, MarketplaceSource.class)).toList();
        assertThat(sources).hasSize(3);
        for (MarketplaceSource s : sources) {
            var ref = s.getSpec().getLicense().getTextRef();
            ConfigMap text = examples.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(cm -> cm.getMetadata().getName().equals(ref.getName())).findFirst().orElseThrow();
            assertThat(SourceAssessment.sha256(text.getData().get(ref.getKey())))
                    .as("examples: %s's spec.license.textSha256", s.getMetadata().getName())
                    .isEqualTo(s.getSpec().getLicense().getTextSha256());
        }
    }
}
