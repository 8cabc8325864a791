package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pilot allows at most 5 Live sources (the operator's default cap) across the cluster. */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class PilotCapIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        // The cap counts every namespace: wait until other test classes' sources are gone.
        await().atMost(TIMEOUT).until(() -> client.resources(MarketplaceSource.class).inAnyNamespace().list().getItems().isEmpty());
        namespace = LocalCluster.createNamespace(client, "mc-cap");
        MarketplaceSources.licenseText(client, namespace, "provider-terms", MarketplaceSources.TERMS);
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void sixthSourceStaysNotLiveUntilASlotFrees() {
        for (int i = 1; i <= 5; i++) {
            client.resource(MarketplaceSources.source(namespace, "source-" + i, "provider-terms", MarketplaceSources.TERMS,
                    Instant.now().plus(Duration.ofDays(30)))).create();
        }
        await().atMost(TIMEOUT).until(() -> live().size() == 5);
        client.resource(MarketplaceSources.source(namespace, "source-6", "provider-terms", MarketplaceSources.TERMS,
                Instant.now().plus(Duration.ofDays(30)))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var sixth = get("source-6");
            assertThat(sixth.getStatus().getBadges()).as("vetted, but over the cap").contains("Vetted");
            var liveCondition = Conditions.find(sixth.getStatus().getConditions(), "Live").orElseThrow();
            assertThat(liveCondition.getStatus()).isEqualTo("False");
            assertThat(liveCondition.getReason()).isEqualTo("PilotCapReached");
            assertThat(liveCondition.getMessage()).contains("allows 5 Live sources", "missioncontrol.marketplace.pilot-cap");
        });
        assertThat(live()).hasSize(5).doesNotContain("source-6");
        System.out.printf("[marketplace] cap: Live %s; source-6: %s%n", live(),
                Conditions.find(get("source-6").getStatus().getConditions(), "Live").get().getMessage());

        client.resources(MarketplaceSource.class).inNamespace(namespace).withName("source-2").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(live()).hasSize(5).contains("source-6").doesNotContain("source-2"));
    }

    private List<String> live() {
        return IntStream.rangeClosed(1, 6).mapToObj(i -> "source-" + i).filter(n -> {
            var s = get(n);
            return s != null && s.getStatus() != null && Conditions.isTrue(s.getStatus().getConditions(), "Live");
        }).toList();
    }

    private MarketplaceSource get(String name) {
        return client.resources(MarketplaceSource.class).inNamespace(namespace).withName(name).get();
    }
}
