package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ConnectLifecycleTest {

    static final SourceStanding OK = new SourceStanding(true, true, true, true, List.of("attribution-required"), "");
    static final SourceStanding EXPIRED = new SourceStanding(true, false, true, false, List.of(),
            "MarketplaceSource s lacks DPIAApproved (Expired: ...)");

    @Test
    void asAPlannerItPlansOneEventPerTransitionAndARefusalOnlyOnce() {
        var spec = ConnectRequests.request("ns", "r", "s", "acme", ConnectRequests.approve()).getSpec();
        var connected = ConnectLifecycle.plan(spec, ConnectPhase.Pending, OK, null);
        assertThat(connected.events()).extracting(e -> e.reason() + "/" + e.warning()).containsExactly("Approved/false", "Connected/false");
        assertThat(connected.events().get(0).message()).isEqualTo("Pending -> Approved by bob@platform.example: approved"
                .replace(": approved", ": " + connected.next().transitions().get(0).note()));
        assertThat(connected.requeue()).isEmpty();
        var refused = ConnectLifecycle.plan(spec, ConnectPhase.Pending, EXPIRED, null);
        assertThat(refused.events()).extracting(e -> e.reason()).containsExactly("ApprovalRefused");
        assertThat(refused.events().get(0).warning()).isTrue();
        String reported = refused.next().refusal().orElseThrow();
        assertThat(ConnectLifecycle.plan(spec, ConnectPhase.Pending, EXPIRED, reported).events()).as("already reported").isEmpty();
    }

    @Test
    void newRequestIsPendingUntilDecided() {
        var spec = ConnectRequests.request("ns", "r", "s", "acme", null).getSpec();
        var out = ConnectLifecycle.decide(spec, null, OK);
        assertThat(out.transitions()).extracting(ConnectLifecycle.Transition::to).containsExactly(ConnectPhase.Pending);
        assertThat(out.transitions().get(0).actor()).isEqualTo("alice@acme.example");
        assertThat(ConnectLifecycle.decide(spec, ConnectPhase.Pending, OK).transitions()).isEmpty();
    }

    @Test
    void approvalOfAQualifiedSourceConnects() {
        var spec = ConnectRequests.request("ns", "r", "s", "acme", ConnectRequests.approve()).getSpec();
        var out = ConnectLifecycle.decide(spec, ConnectPhase.Pending, OK);
        assertThat(out.transitions()).extracting(ConnectLifecycle.Transition::to).containsExactly(ConnectPhase.Approved, ConnectPhase.Connected);
        assertThat(out.transitions()).extracting(ConnectLifecycle.Transition::actor).containsExactly("bob@platform.example", "mission-control-operator");
        assertThat(ConnectLifecycle.decide(spec, ConnectPhase.Connected, OK).transitions()).as("at rest").isEmpty();
    }

    @Test
    void approvalIsRefusedWhileTheSourceDoesNotQualify() {
        var spec = ConnectRequests.request("ns", "r", "s", "acme", ConnectRequests.approve()).getSpec();
        var out = ConnectLifecycle.decide(spec, ConnectPhase.Pending, EXPIRED);
        assertThat(out.transitions()).isEmpty();
        assertThat(out.refusal()).get().asString().contains("refused", "lacks DPIAApproved");
    }

    @Test
    void rejectAndRevokeAreTerminal() {
        var rejected = ConnectRequests.request("ns", "r", "s", "acme", new ConnectDecision(ConnectDecision.Action.reject, "bob", null)).getSpec();
        assertThat(ConnectLifecycle.decide(rejected, ConnectPhase.Pending, OK).transitions())
                .extracting(ConnectLifecycle.Transition::to).containsExactly(ConnectPhase.Rejected);
        assertThat(ConnectLifecycle.decide(rejected, ConnectPhase.Rejected, OK).transitions()).isEmpty();

        var revoked = ConnectRequests.request("ns", "r", "s", "acme", ConnectRequests.approve()).getSpec();
        revoked.setRevocation(new Revocation("carol", "contract ended"));
        var out = ConnectLifecycle.decide(revoked, ConnectPhase.Connected, OK);
        assertThat(out.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(ConnectPhase.Connected);
            assertThat(t.to()).isEqualTo(ConnectPhase.Revoked);
            assertThat(t.actor()).isEqualTo("carol");
            assertThat(t.note()).isEqualTo("contract ended");
        });
        assertThat(ConnectLifecycle.decide(revoked, ConnectPhase.Revoked, OK).transitions()).isEmpty();
    }
}
