package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A pack's workload templates: placed in their namespace, labelled, substituted, after the pack's own kinds. */
@Tag("unit")
class PackWorkloadsTest {

    static JsonNode json(String text) {
        try {
            return CanonicalJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Pack withWorkloads(Pack.WorkloadTemplate... workloads) {
        Pack p = TestPacks.standard();
        return new Pack(p.name(), p.version(), p.parameters(), p.namespaces(), p.minimumPerNamespace(), p.limitRange(), p.podSecurity(),
                p.isolateNetwork(), p.groupClusterRoles(), p.featureFlags(), p.searchSlo(), p.meteringPlan(), List.of(workloads));
    }

    @Test
    void aWorkloadIsPlacedInItsNamespaceLabelledAndSubstitutedAfterThePacksOwnKinds() {
        var pod = new Pack.WorkloadTemplate("api", json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"${tenantId}-probe\","
                + "\"labels\":{\"app\":\"probe\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"registry.example/${tier}:1\"}]}}"));
        var rendered = PackRenderer.render(withWorkloads(pod), TestPacks.request());

        assertThat(rendered.problems()).isEmpty();
        var last = rendered.objects().get(rendered.objects().size() - 1);
        assertThat(ObjectRef.of(last).toString()).isEqualTo("Pod/t1-api/t1-probe");
        assertThat(last.path("metadata").path("labels").path(PackRenderer.TENANT_LABEL).asText()).isEqualTo("t1");
        assertThat(last.path("metadata").path("labels").path(PackRenderer.PACK_LABEL).asText()).isEqualTo("standard");
        assertThat(last.path("metadata").path("labels").path("app").asText()).isEqualTo("probe");
        assertThat(last.path("spec").path("containers").get(0).path("image").asText()).isEqualTo("registry.example/gold:1");
        assertThat(rendered.objects().get(0).path("kind").asText()).isEqualTo("Namespace");
        // same input, same bytes
        assertThat(CanonicalJson.write(PackRenderer.render(withWorkloads(pod), TestPacks.request()).objects().get(rendered.objects().size() - 1)))
                .isEqualTo(CanonicalJson.write(last));
    }

    @Test
    void aWorkloadInAnUnknownNamespaceOrWithoutAKindOrAsANamespaceOrRenderedTwiceIsAProblemNamingItsField() {
        var unknownNs = new Pack.WorkloadTemplate("db", json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}"));
        var noKind = new Pack.WorkloadTemplate("web", json("{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"}}"));
        var namespace = new Pack.WorkloadTemplate("web", json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}"));
        var unknownPlaceholder = new Pack.WorkloadTemplate("web", json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"${nope}\"}}"));
        var rendered = PackRenderer.render(withWorkloads(unknownNs, noKind, namespace, unknownPlaceholder), TestPacks.request());

        assertThat(rendered.objects()).isEmpty();
        assertThat(rendered.problems()).extracting(OnboardingProblem::field).containsExactly("pack.workloads[0].namespaceSuffix",
                "pack.workloads[1].manifest", "pack.workloads[2].manifest.kind", "pack.workloads[3].manifest.metadata.name");

        var quotaAgain = new Pack.WorkloadTemplate("web", json("{\"apiVersion\":\"v1\",\"kind\":\"ResourceQuota\",\"metadata\":{\"name\":\"tenant-budget\"}}"));
        var twice = PackRenderer.render(withWorkloads(quotaAgain), TestPacks.request());
        assertThat(twice.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("pack.workloads[0].manifest.metadata.name");
            assertThat(p.message()).contains("ResourceQuota/t1-web/tenant-budget");
        });
    }
}
