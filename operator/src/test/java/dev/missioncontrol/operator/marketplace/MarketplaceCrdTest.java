package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The marketplace CRDs reject bad cards and requests at the API server, naming the field. No operator runs here. */
@Tag("apiserver")
class MarketplaceCrdTest extends ApiServerCrdTest {

    @Test
    void badSourceCardsAreRejected() {
        rejectSource("http-endpoint", s -> s.getSpec().setEndpoint("http://plain.example.com"), "spec.endpoint", "must be an absolute https URL");
        rejectSource("bad-hash", s -> s.getSpec().getLicense().setTextSha256("abc"), "spec.license.textSha256", "should match");
        rejectSource("backwards-dpia", s -> s.getSpec().getDpia().setExpiresAt("2020-01-01T00:00:00Z"), "spec.dpia",
                "expiresAt must be later than spec.dpia.approvedAt");
        rejectSource("no-risk", s -> s.getSpec().getDpia().setRisk(null), "spec.dpia.risk", "Required value");
        rejectSource("half-approved", s -> s.getSpec().getDpia().setApprovedBy(null), "spec.dpia", "approvedBy and spec.dpia.approvedAt go together");
    }

    @Test
    void requestsAreValidatedAndDecisionsCannotBeRewritten() {
        var r = ConnectRequests.request(namespace, "decided", "src", "acme", ConnectRequests.approve());
        ConnectRequests.create(r);
        // Merge patches without a resourceVersion: an operator writing status meanwhile must not turn this into a 409.
        var decided = client.resources(ConnectRequest.class).inNamespace(namespace).withName("decided");
        assertThatThrownBy(() -> decided.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"decision\":{\"action\":\"reject\",\"reviewer\":\"mallory\"}}}"))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.decision.action cannot change once made");
        assertThatThrownBy(() -> decided.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tenant\":\"globex\"}}"))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.sourceRef and spec.tenant are immutable");

        var undecided = ConnectRequests.request(namespace, "undecided-revoke", "src", "acme", null);
        undecided.getSpec().setRevocation(new Revocation("carol", null));
        assertRejected(undecided, "spec", "spec.revocation applies to an approved request");
        var badTenant = ConnectRequests.request(namespace, "bad-tenant", "src", "Acme Corp", null);
        assertRejected(badTenant, "spec.tenant", "should match");
    }

    private void rejectSource(String name, Consumer<MarketplaceSource> breakIt, String field, String message) {
        var s = MarketplaceSources.source(namespace, name, "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        breakIt.accept(s);
        assertRejected(s, field, message);
    }
}
