package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PackRendererTest {

    private static List<String> refs(PackRenderer.Rendered r) {
        return r.objects().stream().map(o -> ObjectRef.of(o).toString()).toList();
    }

    private static ObjectNode find(PackRenderer.Rendered r, String ref) {
        return r.objects().stream().filter(o -> ObjectRef.of(o).toString().equals(ref)).findFirst().orElseThrow();
    }

    @Test
    void rendersEveryTemplateInApplyOrder() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        assertThat(r.problems()).isEmpty();
        assertThat(refs(r)).containsExactly(
                "Namespace/t1-api", "Namespace/t1-web",
                "ResourceQuota/t1-api/tenant-budget", "ResourceQuota/t1-web/tenant-budget",
                "LimitRange/t1-api/tenant-defaults", "LimitRange/t1-web/tenant-defaults",
                "NetworkPolicy/t1-api/tenant-isolation", "NetworkPolicy/t1-web/tenant-isolation",
                "RoleBinding/t1-api/tenant-edit", "RoleBinding/t1-api/tenant-view",
                "RoleBinding/t1-web/tenant-edit", "RoleBinding/t1-web/tenant-view",
                "ConfigMap/t1-web/tenant-metering",
                "SearchSLO/t1-web/t1-search");
        assertThat(r.featureFlags()).containsExactly("onboarded", "search-gold");
        assertThat(r.parameters()).containsExactly(Map.entry("beta", "false"), Map.entry("replicas", "2"), Map.entry("tier", "gold"));
    }

    @Test
    void namespacesCarryTenantCostCentreAndPodSecurity() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        for (String ns : List.of("Namespace/t1-api", "Namespace/t1-web")) {
            var labels = find(r, ns).path("metadata").path("labels");
            assertThat(labels.path(PackRenderer.TENANT_LABEL).asText()).isEqualTo("t1");
            assertThat(labels.path(PackRenderer.COST_CENTRE_LABEL).asText()).isEqualTo("cc-4711");
            assertThat(labels.path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
            assertThat(labels.path(PackRenderer.PACK_LABEL).asText()).isEqualTo("standard");
        }
        assertThat(r.objects()).allSatisfy(o -> assertThat(o.path("metadata").path("labels").path(PackRenderer.TENANT_LABEL).asText())
                .isEqualTo("t1"));
    }

    @Test
    void objectsAreThePlainKubernetesShapes() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        assertThat(CanonicalJson.write(find(r, "ResourceQuota/t1-api/tenant-budget").path("spec"))).isEqualTo(
                "{\"hard\":{\"limits.cpu\":\"2\",\"limits.memory\":\"4Gi\",\"pods\":\"5\",\"requests.cpu\":\"2\","
                        + "\"requests.memory\":\"4Gi\",\"requests.storage\":\"50Gi\"}}");
        assertThat(CanonicalJson.write(find(r, "LimitRange/t1-web/tenant-defaults").path("spec"))).isEqualTo(
                "{\"limits\":[{\"default\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"defaultRequest\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},"
                        + "\"type\":\"Container\"}]}");
        assertThat(CanonicalJson.write(find(r, "NetworkPolicy/t1-web/tenant-isolation").path("spec"))).isEqualTo(
                "{\"ingress\":[{\"from\":[{\"namespaceSelector\":{\"matchLabels\":{\"missioncontrol.dev/tenant\":\"t1\"}}}]}],"
                        + "\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}");
        var rb = find(r, "RoleBinding/t1-web/tenant-view");
        assertThat(rb.path("apiVersion").asText()).isEqualTo("rbac.authorization.k8s.io/v1");
        assertThat(CanonicalJson.write(rb.path("roleRef"))).isEqualTo(
                "{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"view\"}");
        assertThat(rb.path("subjects").findValuesAsText("name")).containsExactly("t1-admins", "t1-devs");
        var metering = find(r, "ConfigMap/t1-web/tenant-metering");
        assertThat(CanonicalJson.write(metering.path("data"))).isEqualTo(
                "{\"costCentre\":\"cc-4711\",\"plan\":\"gold-monthly\",\"tenant\":\"t1\",\"unitsPerMonth\":\"1000\"}");
        var slo = find(r, "SearchSLO/t1-web/t1-search");
        assertThat(slo.path("apiVersion").asText()).isEqualTo("missioncontrol.dev/v1alpha1");
        assertThat(slo.path("spec").path("service").asText()).isEqualTo("search-t1");
        assertThat(slo.path("spec").path("sli").path("ratio").path("good").asText()).isEqualTo("good{tenant=\"t1\",tier=\"gold\"}");
        assertThat(slo.path("spec").path("objective").asDouble()).isEqualTo(99.5);
        assertThat(r.budget().allocated()).isEqualTo(TestPacks.request().budget().amounts("b").amounts());
    }

    @Test
    void renderingIsDeterministicWhateverTheInputMapOrder() {
        var a = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("replicas", "2");
        params.put("tier", "gold");
        var req = TestPacks.request();
        var b = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc-4711", List.of("t1-admins", "t1-devs", "t1-devs"),
                params, req.budget()));
        assertThat(a.objects().stream().map(CanonicalJson::write).toList())
                .isEqualTo(b.objects().stream().map(CanonicalJson::write).toList());
        // and the written form is already canonical (sorted keys)
        assertThat(a.objects()).allSatisfy(o -> assertThat(o.toString()).isEqualTo(CanonicalJson.write(o)));
    }

    @Test
    void everyParameterProblemIsNamedWithWhatToDo() {
        Map<String, String> params = new HashMap<>();
        params.put("tier", "platinum");
        params.put("replicas", "9");
        params.put("region", "Mars");
        params.put("beta", "yes");
        params.put("colour", "blue");
        var req = TestPacks.request();
        var r = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc-4711", req.groups(), params, req.budget()));
        assertThat(r.objects()).isEmpty();
        assertThat(r.problems()).extracting(p -> p.field() + " " + p.reason()).containsExactly(
                "parameters.beta ParameterOutOfSchema",
                "parameters.colour UnknownParameter",
                "parameters.region ParameterOutOfSchema",
                "parameters.replicas ParameterOutOfSchema",
                "parameters.tier ParameterOutOfSchema");
        assertThat(r.problems().get(0).message()).contains("'yes' is not a boolean; give true or false");
        assertThat(r.problems().get(1).message()).contains("takes no parameter 'colour'", "[beta, region, replicas, tier]");
        assertThat(r.problems().get(2).message()).contains("does not match the pattern ^[a-z]{2}-[a-z]+$");
        assertThat(r.problems().get(3).message()).contains("9 is above the maximum 5");
        assertThat(r.problems().get(4).message()).contains("'platinum' is not one of [bronze, silver, gold]");
    }

    @Test
    void missingRequiredMinimumAndNotAnIntegerAreNamed() {
        var req = TestPacks.request();
        var missing = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc", req.groups(), Map.of("replicas", "0"), req.budget()));
        assertThat(missing.problems()).extracting(p -> p.field() + " " + p.reason())
                .containsExactly("parameters.replicas ParameterOutOfSchema", "parameters.tier MissingParameter");
        assertThat(missing.problems().get(0).message()).contains("below the minimum 1", "from 1 to 5");
        assertThat(missing.problems().get(1).message()).contains("requires it", "one of [bronze, silver, gold]");
        var notInt = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc", req.groups(),
                Map.of("tier", "gold", "replicas", "two"), req.budget()));
        assertThat(notInt.problems()).extracting(OnboardingProblem::message).containsExactly("'two' is not an integer; give a whole number");
        var ok = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc", req.groups(),
                Map.of("tier", "gold", "region", "eu-west", "beta", "true", "replicas", "5"), req.budget()));
        assertThat(ok.problems()).isEmpty();
    }

    @Test
    void badTenantIdCostCentreBudgetAndPackAreNamed() {
        var req = TestPacks.request();
        var r = PackRenderer.render(TestPacks.standard(), new RenderRequest("T_1", "", req.groups(), req.parameters(),
                new Budget(10, "lots", "8Gi", "100Gi", 1000)));
        assertThat(r.problems()).extracting(p -> p.field() + " " + p.reason())
                .containsExactly("budget.cpu InvalidBudget", "costCentre InvalidCostCentre", "tenantId InvalidTenantId");
        var small = PackRenderer.render(TestPacks.standard(), new RenderRequest("t1", "cc", req.groups(), req.parameters(),
                new Budget(1, "4", "8Gi", "100Gi", 1000)));
        assertThat(small.problems()).extracting(p -> p.field() + " " + p.reason()).containsExactly("budget.pods BudgetBelowPackMinimum");
        var p = TestPacks.standard();
        var broken = new Pack(p.name(), p.version(),
                Map.of("x", new Pack.ParameterSchema("float", false, List.of(), null, null, null, "1"),
                        "y", new Pack.ParameterSchema("string", false, List.of(), null, null, "(", "a")),
                List.of(new Pack.NamespaceTemplate("Web", 1), new Pack.NamespaceTemplate("api", 0)), p.minimumPerNamespace(),
                new Pack.LimitRangeTemplate(Map.of("cpu", "much"), Map.of()), "strict", false, List.of("view"),
                List.of("${nope}"), null, null);
        assertThat(PackRenderer.render(broken, new RenderRequest("t1", "cc", List.of("g"), Map.of(), req.budget())).problems())
                .extracting(q -> q.field() + " " + q.reason()).containsExactly(
                        "pack.featureFlags[0] UnknownPlaceholder",
                        "pack.limitRange.defaultLimits.cpu InvalidPack",
                        "pack.namespaces[0].suffix InvalidPack",
                        "pack.namespaces[1].weight InvalidPack",
                        "pack.parameters.x.type InvalidPack",
                        "pack.parameters.y.pattern InvalidPack",
                        "pack.podSecurity InvalidPack");
    }

    @Test
    void optionalTemplatesAreLeftOutWhenThePackHasNone() {
        var p = TestPacks.standard();
        var bare = new Pack("bare", "0.1.0", Map.of(), List.of(new Pack.NamespaceTemplate("app", 1)), null, null, null, false,
                List.of("view"), List.of(), null, null);
        var r = PackRenderer.render(bare, new RenderRequest("t2", "cc", List.of(), Map.of(), new Budget(3, "1", "1Gi", "0", 0)));
        assertThat(r.problems()).isEmpty();
        assertThat(refs(r)).containsExactly("Namespace/t2-app", "ResourceQuota/t2-app/tenant-budget", "ConfigMap/t2-app/tenant-metering");
        assertThat(find(r, "Namespace/t2-app").path("metadata").path("labels").has("pod-security.kubernetes.io/enforce")).isFalse();
        assertThat(p.namespaces()).hasSize(2);
    }
}
