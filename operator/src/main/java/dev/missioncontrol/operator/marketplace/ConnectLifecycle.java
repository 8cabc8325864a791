package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestSpec;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request-to-connect lifecycle as a pure function: from the spec (decisions are declarative), the
 * phase the audit trail ends in, and the source's standing, the transitions to append now, or why an
 * approval is refused.
 */
public final class ConnectLifecycle {

    public static final String OPERATOR = "mission-control-operator";

    public record Transition(ConnectPhase from, ConnectPhase to, String actor, String note) {
    }

    public record Outcome(List<Transition> transitions, Optional<String> refusal) {
    }

    private ConnectLifecycle() {
    }

    /**
     * The lifecycle as a planner: the outcome, the Events it calls for (one per transition, and ApprovalRefused when
     * the refusal is new), and no requeue (a change to the request or its source wakes it).
     *
     * @param previousRefusal the refusal the Approved condition already reports, if any
     */
    public static Decision<Outcome> plan(ConnectRequestSpec spec, ConnectPhase current, SourceStanding source, String previousRefusal) {
        Outcome outcome = decide(spec, current, source);
        List<PlannedEvent> events = new ArrayList<>();
        for (Transition t : outcome.transitions()) {
            String message = (t.from() == null ? "Created" : t.from() + " -> " + t.to()) + " by " + t.actor() + ": " + t.note();
            boolean warning = t.to() == ConnectPhase.Rejected || t.to() == ConnectPhase.Revoked;
            events.add(new PlannedEvent(warning, t.to().name(), message));
        }
        outcome.refusal().filter(r -> !r.equals(previousRefusal)).ifPresent(r -> events.add(PlannedEvent.warning("ApprovalRefused", r)));
        return new Decision<>(outcome, events, Optional.empty());
    }

    public static Outcome decide(ConnectRequestSpec spec, ConnectPhase current, SourceStanding source) {
        List<Transition> out = new ArrayList<>();
        ConnectPhase phase = current;
        if (phase == null) {
            out.add(new Transition(null, ConnectPhase.Pending, spec.getRequestedBy(), "requested for tenant " + spec.getTenant()
                    + ": " + spec.getPurpose()));
            phase = ConnectPhase.Pending;
        }
        Optional<String> refusal = Optional.empty();
        ConnectDecision decision = spec.getDecision();
        if (phase == ConnectPhase.Pending && spec.getRevocation() != null) {
            out.add(new Transition(phase, ConnectPhase.Revoked, spec.getRevocation().getRevokedBy(), note(spec.getRevocation().getReason(), "withdrawn before approval")));
            return new Outcome(out, refusal);
        }
        if (phase == ConnectPhase.Pending && decision != null) {
            if (decision.getAction() == ConnectDecision.Action.reject) {
                out.add(new Transition(phase, ConnectPhase.Rejected, decision.getReviewer(), note(decision.getNote(), "rejected")));
                return new Outcome(out, refusal);
            }
            if (!source.connectable()) {
                return new Outcome(out, Optional.of("Approval by " + decision.getReviewer() + " refused: " + source.problems()
                        + ". The request stays Pending and is approved as soon as the source qualifies."));
            }
            out.add(new Transition(phase, ConnectPhase.Approved, decision.getReviewer(), note(decision.getNote(), "approved")));
            phase = ConnectPhase.Approved;
        }
        if (phase == ConnectPhase.Approved || phase == ConnectPhase.Connected) {
            if (spec.getRevocation() != null) {
                out.add(new Transition(phase, ConnectPhase.Revoked, spec.getRevocation().getRevokedBy(), note(spec.getRevocation().getReason(), "revoked")));
                return new Outcome(out, refusal);
            }
            if (phase == ConnectPhase.Approved) {
                out.add(new Transition(phase, ConnectPhase.Connected, OPERATOR,
                        "tenant " + spec.getTenant() + " connected: flag on, connection config written"));
            }
        }
        return new Outcome(out, refusal);
    }

    private static String note(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
