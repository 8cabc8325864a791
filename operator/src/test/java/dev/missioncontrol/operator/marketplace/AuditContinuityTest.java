package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestSpec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AuditContinuityTest {

    static List<AuditEntry> trail(String... phases) {
        List<AuditEntry> t = List.of();
        String from = "";
        for (String p : phases) {
            t = AuditTrail.append(t, "t", p.equals("Rejected") ? "bob" : "alice", from, p, List.of(), p);
            from = p;
        }
        return t;
    }

    static ConnectRequestSpec spec() {
        var s = new ConnectRequestSpec();
        s.setRequestedBy("alice");
        s.setTenant("acme");
        s.setPurpose("search");
        return s;
    }

    @Test
    void theSameObjectResumesNothing() {
        assertThat(AuditContinuity.resume(trail("Pending", "Approved"), "u1", "u1", spec())).isEmpty();
        assertThat(AuditContinuity.resume(List.of(), null, "u1", spec())).isEmpty();
    }

    @Test
    void aDecisionStandsForARecreatedRequest() {
        for (String last : List.of("Rejected", "Revoked")) {
            var t = AuditContinuity.resume(trail("Pending", last), "u1", "u2", spec());
            assertThat(t).singleElement().satisfies(x -> {
                assertThat(x.from()).isEqualTo(ConnectPhase.valueOf(last));
                assertThat(x.to()).isEqualTo(ConnectPhase.valueOf(last));
                assertThat(x.note()).contains("u2", "u1", "decision stands");
            });
        }
    }

    @Test
    void anOpenRequestDeletedIsRevokedByItsDeletionAndTheNewOneStartsPending() {
        for (String last : List.of("Pending", "Approved", "Connected")) {
            var t = AuditContinuity.resume(trail("Pending", "Approved", "Connected").subList(0, List.of("Pending", "Approved", "Connected").indexOf(last) + 1),
                    "u1", "u2", spec());
            assertThat(t).extracting(ConnectLifecycle.Transition::to).containsExactly(ConnectPhase.Revoked, ConnectPhase.Pending);
            assertThat(t.get(0).from()).isEqualTo(ConnectPhase.valueOf(last));
            assertThat(t.get(1).actor()).isEqualTo("alice");
        }
    }

    @Test
    void whoDecidedComesFromTheTrailNotTheSpec() {
        var t = trail("Pending", "Rejected");
        t = AuditTrail.append(t, "t", ConnectLifecycle.OPERATOR, "Rejected", "Rejected", List.of(), "re-created");
        assertThat(AuditContinuity.decidedBy(t, ConnectPhase.Rejected)).isEqualTo("bob");
        assertThat(AuditContinuity.decidedBy(t, ConnectPhase.Approved)).isEqualTo("unknown");
    }
}
