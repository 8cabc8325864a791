package dev.missioncontrol.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec;
import dev.missioncontrol.operator.marketplace.SourceAssessment;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.ExplanationExports;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.SearchSLOs;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.Examples;
import dev.missioncontrol.operator.testing.Examples.Actor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/ stays valid: the API server accepts every object (server-side dry run, or, for a file that names its user,
 * applied as that user under the chart's admission policies) and the license hashes match their texts.
 */
@Tag("apiserver")
class ExamplesCrdTest extends ApiServerCrdTest {

    final List<HasMetadata> examples = new ArrayList<>();
    /** Who applies each object: the kubeconfig's admin (null), or the user a file's "# kubectl-as:" header names. */
    final Map<HasMetadata, Actor> appliedBy = new IdentityHashMap<>();

    @BeforeAll
    void loadExamples() throws IOException {
        for (var example : Examples.load(client)) {
            examples.add(example.item());
            appliedBy.put(example.item(), example.actor());
        }
    }

    @Test
    void everyExampleIsAcceptedByTheApiServer() {
        assertThat(examples).extracting(HasMetadata::getKind)
                .contains("FederationCohort", "MarketplaceSource", "ConnectRequest", "PredictiveRollout", "MeteringRotation",
                        "SearchSLO", "ExplanationExport", "CacheWarmExperiment", "PersistentVolumeClaim", "ConfigMap", "Namespace", "OnboardingPack", "TenantOnboarding");
        for (HasMetadata item : examples) {
            if (item instanceof Namespace ns) {
                // The example's namespace may exist on a shared cluster: dry-run the same object under a fresh name.
                var copy = client.getKubernetesSerialization().clone(ns);
                copy.getMetadata().setName(namespace + "-example");
                client.resource(copy).dryRun().create();
                continue;
            }
            if (clusterScoped(item)) {
                // A cluster-scoped example (OnboardingPack, TenantOnboarding) may exist on a shared cluster (the
                // integration layer's examples test applies it): a server-side apply dry run judges it either way.
                client.resource(item).dryRun().fieldManager("mission-control-tests").forceConflicts().serverSideApply();
                continue;
            }
            item.getMetadata().setNamespace(namespace);
            Actor actor = appliedBy.get(item);
            if (actor != null) {
                // As hack/apply-examples.sh does: server-side, as the user the file names, with only that user's groups
                // and the RBAC examples/01-demo-access.yaml grants; the admission policies judge it. Not a dry run: the
                // approval (13-) is an update of the request its requester created (12-).
                Examples.applyAs(actor, item);
            } else if (item instanceof Role || item instanceof RoleBinding) {
                client.resource(item).create(); // the demo users' RBAC, which the files with a header rely on
            } else {
                client.resource(item).dryRun().create();
            }
        }
        var request = client.resources(ConnectRequest.class).inNamespace(namespace).withName("acme-newswire").get();
        Actor reviewer = examples.stream().filter(e -> "ConnectRequest".equals(e.getKind())
                        && client.getKubernetesSerialization().convertValue(e, ConnectRequest.class).getSpec().getDecision() != null)
                .map(appliedBy::get).findFirst().orElseThrow();
        assertThat(request.getSpec().getDecision().getReviewer()).as("the example's approval, applied by its reviewer")
                .isEqualTo(reviewer.user());
    }

    /** A kind the API server serves cluster-scoped (discovery says so), other than Namespace. */
    boolean clusterScoped(HasMetadata item) {
        if (!item.getApiVersion().contains("/")) {
            return false;
        }
        return client.getApiResources(item.getApiVersion()).getResources().stream()
                .anyMatch(r -> r.getKind().equals(item.getKind()) && !Boolean.TRUE.equals(r.getNamespaced()));
    }

    /** The tests' own fixtures, as the integration and process tests build them, stay valid under the stricter schema. */
    @Test
    void everyTestFixtureIsAcceptedByTheApiServer() {
        List<HasMetadata> fixtures = List.of(
                FederationCohorts.cohort(namespace, "fixture-cohort", List.of("acme", "globex")),
                FederationCohorts.rollout(namespace, "fixture-rollout", List.of("acme", "globex", "initech"), "http://127.0.0.1:9090", "2s", 3, 1, 2),
                PredictiveRollouts.go(namespace, "fixture-go", "http://127.0.0.1:9090", "1m", List.of(List.of("p-one"), List.of("p-two", "p-three"))),
                PredictiveRollouts.noGo(namespace, "fixture-no-go", "2027-01-01T00:00:00Z",
                        List.of(new RemediationSpec.Milestone("m1", "bias audit", "ml-team", "2026-12-01T00:00:00Z", false))),
                // Integration tests start windows a few seconds ago: nanoseconds in since, 3 s windows, a 1 s grace period.
                MeteringRotations.rotation(namespace, "fixture-metering", List.of("m-one", "m-two"), "http://127.0.0.1:9090", "3s",
                        Instant.now().minusSeconds(9), "1s"),
                MarketplaceSources.source(namespace, "fixture-source", "cm", MarketplaceSources.TERMS, Instant.now().plus(Duration.ofDays(365))),
                ConnectRequests.request(namespace, "fixture-request", "fixture-source", "acme", null),
                SearchSLOs.availability(namespace, "fixture-slo"),
                ExplanationExports.basic(namespace, "fixture-xai", "http://127.0.0.1:19480/v1/explanations"));
        for (HasMetadata fixture : fixtures) {
            // As the user the admission policies expect: the requester creates a request, a reviewer decides a rollout.
            var as = fixture instanceof ConnectRequest r ? Actors.requester(r.getSpec().getRequestedBy())
                    : fixture instanceof dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout ? Actors.reviewer() : client;
            as.resource(fixture).dryRun().create();
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
