package dev.missioncontrol.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.testing.ArgoCdHealth;
import dev.missioncontrol.operator.testing.Examples;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.PrometheusScrapingExtension;
import dev.missioncontrol.operator.testing.SearchMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/, applied as hack/apply-examples.sh applies it (each file as the user its header names) into a namespace of
 * its own, pointed at a real Prometheus with healthy metrics, with the operator running: every custom resource ends at
 * the health a GitOps tool reads, computed from its JSON alone. kstatus's rules (Flux, kpt) and the Ready check
 * (Ready=True at metadata.generation) in {@link KStatus}; Argo CD's from the Lua health checks in deploy/argocd.
 * One example is expected not to be Ready, and this says so: the MeteringRotation exports daily windows since
 * 2026-11-01, for which a Prometheus started seconds ago has no usage data, and no data is never signed as zero, so it is
 * Stalled (a person restores the data or attests the zero) and Argo CD shows it Degraded, as `make run` shows it late.
 * The ExplanationExport is not Ready either: its exporter's pod mounts the claim xai-events, which nothing binds on the
 * local control plane (kwok has no storage provisioner), so the pod stays Pending, the Deployment has no available
 * replica, and the resource is Reconciling (kstatus InProgress, Argo CD Progressing), as examples/50-explanationexport.yaml
 * says; `make run` runs that exporter outside the cluster instead (hack/demo-monitoring.sh).
 * The CacheWarmExperiment is not Ready: the test's Prometheus has no cache hit and miss counters, so it keeps measuring
 * (Reconciling, reason NoData: no data is never a decision); `make run` runs its simulated search service
 * (hack/cachewarm-demo.py), on which it decides.
 * The AccessReview waits for its first export (Reconciling, AwaitingExport): its CronJob, which the operator creates in
 * its own namespace, runs no container on kwok and its recurrence is quarterly; `make run` runs the CronJob's command
 * locally (hack/demo-access-review.sh) and waits for Ready, and AccessReviewIntegrationTest runs it here.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class ExamplesReadyIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(240);
    static final List<String> KINDS = List.of("FederationCohort", "MarketplaceSource", "ConnectRequest", "PredictiveRollout",
            "MeteringRotation", "SearchSLO", "ExplanationExport", "CacheWarmExperiment", "AccessReview", "LicenseRegistry", "OnboardingPack",
            "TenantOnboarding");
    /** Cluster-scoped kinds: their examples are applied as they are, and only the examples' own objects are read back. */
    static final Map<String, List<String>> CLUSTER_SCOPED = Map.of("OnboardingPack", List.of("standard"), "TenantOnboarding", List.of("acme"));
    /** The kinds whose example is expected not to be Ready (see above). */
    static final List<String> NOT_READY = List.of("MeteringRotation", "ExplanationExport", "CacheWarmExperiment", "AccessReview");

    @RegisterExtension
    static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-examples")
            .withMetrics(m -> m.healthy("acme", "globex", "initech", "umbrella").predictiveHealthy("acme", "globex", "initech"));

    /** Each example custom resource: kstatus's verdict with Ready's status and reason, then Argo CD's health. */
    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("CacheWarmExperiment/warmers", "InProgress Ready=False/NoData; Argo CD Progressing"),
            Map.entry("AccessReview/demo-access", "InProgress Ready=False/AwaitingExport; Argo CD Progressing"),
            Map.entry("ConnectRequest/acme-newswire", "Current Ready=True/Connected; Argo CD Healthy"),
            Map.entry("ExplanationExport/explanations", "InProgress Ready=False/ExporterNotAvailable; Argo CD Progressing"),
            Map.entry("FederationCohort/cohort-1", "Current Ready=True/GatewayAvailable; Argo CD Healthy"),
            Map.entry("FederationCohort/cohort-2", "Current Ready=True/GatewayAvailable; Argo CD Healthy"),
            Map.entry("LicenseRegistry/licenses", "Current Ready=True/Pinned; Argo CD Healthy"),
            Map.entry("MarketplaceSource/newswire", "Current Ready=True/Live; Argo CD Healthy"),
            Map.entry("MarketplaceSource/open-weather", "Current Ready=True/Live; Argo CD Healthy"),
            Map.entry("MarketplaceSource/patents", "Current Ready=True/Live; Argo CD Healthy"),
            Map.entry("MeteringRotation/daily-usage", "Failed Ready=False/NoUsageData; Argo CD Degraded"),
            Map.entry("OnboardingPack/standard", "Current Ready=True/Valid; Argo CD Healthy"),
            Map.entry("TenantOnboarding/acme", "Current Ready=True/Live; Argo CD Healthy"),
            Map.entry("PredictiveRollout/query-rewrite-no-go", "Current Ready=True/NoGoTracked; Argo CD Healthy"),
            Map.entry("PredictiveRollout/ranking-go", "Current Ready=True/Completed; Argo CD Healthy"),
            Map.entry("SearchSLO/complaint-free", "Current Ready=True/RulesGenerated; Argo CD Healthy"),
            Map.entry("SearchSLO/federated-latency", "Current Ready=True/Measured; Argo CD Healthy")));

    @Test
    void everyExampleReachesTheHealthKstatusAndArgoCdRead() throws Exception {
        KubernetesClient client = cluster.client();
        String namespace = cluster.namespace();
        // The test's Prometheus in place of the demo one, the feature label its metrics stand-in serves, and the test's
        // namespace in the AccessReview's scope (it stands in for search-demo: a scope matching no namespace is Stalled).
        var examples = Examples.load(client, Examples.replacing(Map.of(Examples.DEMO_PROMETHEUS, cluster.prometheusAddress(),
                "feature: predictive-ranking", "feature: " + SearchMetrics.FEATURE, "namespaces: [search-demo]", "namespaces: [" + namespace + "]")));
        long started = System.nanoTime();
        for (var example : examples) {
            var item = example.item();
            if (item instanceof Namespace) {
                continue; // the test's own namespace stands in for search-demo
            }
            if (!CLUSTER_SCOPED.containsKey(item.getKind())) {
                item.getMetadata().setNamespace(namespace);
            }
            if (example.actor() != null) {
                Examples.applyAs(example.actor(), item);
            } else {
                client.resource(item).fieldManager("examples").forceConflicts().serverSideApply();
            }
        }

        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(observed(client, namespace))
                .isEqualTo(EXPECTED));
        System.out.printf("[examples] every example at its health after %d s:%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        observed(client, namespace).forEach((name, health) -> System.out.printf("  %-40s %s%n", name, health));

        for (String kind : KINDS) {
            for (var resource : list(client, namespace, kind)) {
                String name = kind + "/" + resource.getMetadata().getName();
                assertThat(KStatus.readyAtGeneration(resource)).as(name + ": Ready=True at metadata.generation (and status.observedGeneration)")
                        .isEqualTo(!NOT_READY.contains(kind));
                assertThat(resource.get("status", "observedGeneration").toString()).as(name)
                        .isEqualTo(resource.getMetadata().getGeneration().toString());
            }
        }
    }

    private static Map<String, String> observed(KubernetesClient client, String namespace) throws Exception {
        Map<String, String> seen = new TreeMap<>();
        for (String kind : KINDS) {
            for (var resource : list(client, namespace, kind)) {
                var argo = ArgoCdHealth.run(kind, resource);
                seen.put(kind + "/" + resource.getMetadata().getName(), KStatus.of(resource).summary() + "; Argo CD " + argo.status());
            }
        }
        return seen;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, String namespace, String kind) {
        if (CLUSTER_SCOPED.containsKey(kind)) {
            return client.genericKubernetesResources("missioncontrol.dev/v1alpha1", kind).list().getItems().stream()
                    .filter(r -> CLUSTER_SCOPED.get(kind).contains(r.getMetadata().getName())).toList();
        }
        return client.genericKubernetesResources("missioncontrol.dev/v1alpha1", kind).inNamespace(namespace).list().getItems();
    }
}
