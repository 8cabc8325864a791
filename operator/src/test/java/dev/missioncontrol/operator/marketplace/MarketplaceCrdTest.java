package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
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
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void blankDuplicateAndImpossibleSourceFieldsAreRejected() {
        String blank = "must not be empty or whitespace only";
        rejectSource("blank-provider", s -> s.getSpec().setProvider("   "), "spec.provider", blank);
        rejectSource("blank-description", s -> s.getSpec().setDescription("\t"), "spec.description", blank);
        rejectSource("blank-reference", s -> s.getSpec().getDpia().setReference(" "), "spec.dpia.reference", blank);
        rejectSource("blank-approver", s -> s.getSpec().getDpia().setApprovedBy("  "), "spec.dpia.approvedBy", blank);
        rejectSource("dup-categories", s -> s.getSpec().setDataCategories(new ArrayList<>(List.of("weather", "weather"))),
                "spec.dataCategories[1]", "Duplicate value");
        rejectSource("dup-clauses", s -> s.getSpec().getLicense().setClauses(new ArrayList<>(List.of("no-derivatives", "no-derivatives"))),
                "spec.license.clauses", "must be unique");
        rejectSource("feb-30", s -> s.getSpec().getDpia().setExpiresAt("2031-02-30T00:00:00Z"), "spec.dpia.expiresAt", "must be a real date");
        rejectSource("hour-24", s -> s.getSpec().getDpia().setApprovedAt("2026-01-01T24:00:00Z"), "spec.dpia.approvedAt", "must be a real date");
        rejectSource("not-leap", s -> s.getSpec().getDpia().setExpiresAt("2100-02-29T00:00:00Z"), "spec.dpia.expiresAt", "must be a real date");
        var leap = MarketplaceSources.source(namespace, "leap", "cm", MarketplaceSources.TERMS, Instant.parse("2032-02-29T00:00:00Z"));
        client.resource(leap).dryRun().create();
    }

    @Test
    void blankNamesInRequestsAreRejected() {
        String blank = "must not be empty or whitespace only";
        var r = ConnectRequests.request(namespace, "blank-purpose", "src", "acme", null);
        r.getSpec().setPurpose("  ");
        assertRejected(r, "spec.purpose", blank);
        r = ConnectRequests.request(namespace, "blank-requester", "src", "acme", null);
        r.getSpec().setRequestedBy(" ");
        assertRejected(r, "spec.requestedBy", blank);
        r = ConnectRequests.request(namespace, "blank-reviewer", "src", "acme",
                new ConnectDecision(ConnectDecision.Action.approve, "   ", null));
        assertRejected(r, "spec.decision.reviewer", blank);
        r = ConnectRequests.request(namespace, "blank-revoker", "src", "acme", ConnectRequests.approve());
        r.getSpec().setRevocation(new Revocation(" ", "no longer needed"));
        assertRejected(r, "spec.revocation.revokedBy", blank);
    }

    private void rejectSource(String name, Consumer<MarketplaceSource> breakIt, String field, String message) {
        var s = MarketplaceSources.source(namespace, name, "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        breakIt.accept(s);
        assertRejected(s, field, message);
    }
}
