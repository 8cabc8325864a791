package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.OnboardingBudget;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackRef;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingSpec;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TenantOnboarding schema against the real kube-apiserver: its name must be its tenant id (so a second onboarding of a
 * tenant is AlreadyExists), tenantId and packRef are immutable, and a budget quantity that is not one is refused by name.
 */
@Tag("apiserver")
class TenantOnboardingCrdTest extends ApiServerCrdTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);

    static TenantOnboarding onboarding(String name, String tenantId, String cpu) {
        var spec = new TenantOnboardingSpec();
        spec.setTenantId(tenantId);
        spec.setCostCentre("cc-1");
        var ref = new OnboardingPackRef();
        ref.setName("no-such-pack");
        spec.setPackRef(ref);
        var budget = new OnboardingBudget();
        budget.setPods(1);
        budget.setCpu(cpu);
        spec.setBudget(budget);
        spec.setOwners(List.of("alice"));
        var t = new TenantOnboarding();
        t.getMetadata().setName(name);
        t.setSpec(spec);
        return t;
    }

    void assertPatchRejected(String name, String mergePatch, String message) {
        assertThatThrownBy(() -> client.resources(TenantOnboarding.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> {
                    assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void theNameIsTheTenantIdWhichWithThePackRefIsImmutable() {
        String tenant = "crd-" + RUN;
        assertRejected(onboarding("other-" + RUN, tenant, "1"), "metadata.name must equal spec.tenantId");
        client.resource(onboarding(tenant, tenant, "1")).create();
        try {
            assertThatThrownBy(() -> client.resource(onboarding(tenant, tenant, "2")).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).as("a second onboarding of the tenant").isEqualTo(409));
            assertPatchRejected(tenant, "{\"spec\":{\"tenantId\":\"x-" + RUN + "\"}}", "spec.tenantId is immutable");
            assertPatchRejected(tenant, "{\"spec\":{\"packRef\":{\"name\":\"another\"}}}", "spec.packRef is immutable");
        } finally {
            client.resources(TenantOnboarding.class).withName(tenant).delete();
        }
    }

    @Test
    void aBudgetThatIsNotAQuantityIsRefusedByName() {
        assertRejected(onboarding("q-" + RUN, "q-" + RUN, "four"), "spec.budget.cpu", "should match");
    }
}
