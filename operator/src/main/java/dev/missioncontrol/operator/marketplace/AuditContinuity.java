package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestSpec;
import dev.missioncontrol.operator.marketplace.ConnectLifecycle.Transition;
import java.util.List;
import java.util.Objects;

/**
 * A trail is kept per namespace and name, so a request deleted and created again meets the trail of its predecessor.
 * Decisions stand: a rejected or revoked request stays so under the same name (ask again under a new name). A request
 * deleted while still open is recorded as revoked by its deletion, and the new one starts over as Pending in the same
 * trail, so an approval never outlives the request it was given to.
 */
public final class AuditContinuity {

    private AuditContinuity() {
    }

    /** The transitions to append before the lifecycle runs; none unless the trail belongs to an earlier object. */
    public static List<Transition> resume(List<AuditEntry> entries, String trailUid, String uid, ConnectRequestSpec spec) {
        if (entries.isEmpty() || trailUid == null || Objects.equals(trailUid, uid)) {
            return List.of();
        }
        ConnectPhase last = ConnectPhase.valueOf(entries.get(entries.size() - 1).to());
        if (last == ConnectPhase.Rejected || last == ConnectPhase.Revoked) {
            return List.of(new Transition(last, last, ConnectLifecycle.OPERATOR, "re-created (uid " + uid + ", was " + trailUid
                    + "); the earlier decision stands: ask again under a new name"));
        }
        return List.of(
                new Transition(last, ConnectPhase.Revoked, ConnectLifecycle.OPERATOR,
                        "the ConnectRequest (uid " + trailUid + ") was deleted while " + last + "; its access ends with it"),
                new Transition(ConnectPhase.Revoked, ConnectPhase.Pending, spec.getRequestedBy(),
                        "requested again (uid " + uid + ") for tenant " + spec.getTenant() + ": " + spec.getPurpose()));
    }

    /** Who moved the request into {@code phase} last, as the trail records it (whatever the spec says now). */
    public static String decidedBy(List<AuditEntry> entries, ConnectPhase phase) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            AuditEntry e = entries.get(i);
            if (e.to().equals(phase.name()) && !e.from().equals(e.to())) {
                return e.actor();
            }
        }
        return "unknown";
    }
}
