package dev.missioncontrol.operator.status;

import dev.missioncontrol.operator.common.ReconcileErrors;
import java.util.Objects;

/**
 * What Ready means for one resource now: each kind's aggregator decides it (its goal reached, or its steady state
 * healthy), and every kind writes it the same way, in the shape kstatus (Flux, kpt) and Argo CD read. {@code Ready} is
 * always present, True or False; beside it kstatus's abnormal-true conditions, present only while True:
 * {@code Reconciling} while the operator is still working toward the goal (kstatus: InProgress), {@code Stalled} while
 * it cannot get there until a person acts (kstatus: Failed). Each condition carries observedGeneration, as does status.
 */
public record Readiness(State state, String reason, String message) {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    public enum State {
        /** The goal is reached, or the steady state is healthy: Ready=True. */
        READY,
        /** Not there yet; the operator (or time) gets it there with no one acting: Ready=False, Reconciling=True. */
        RECONCILING,
        /** Not there, and it will not get there until a person acts (the message says what to do): Ready=False, Stalled=True. */
        STALLED
    }

    public Readiness {
        Objects.requireNonNull(state);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(message);
    }

    public static Readiness ready(String reason, String message) {
        return new Readiness(State.READY, reason, message);
    }

    public static Readiness reconciling(String reason, String message) {
        return new Readiness(State.RECONCILING, reason, message);
    }

    public static Readiness stalled(String reason, String message) {
        return new Readiness(State.STALLED, reason, message);
    }

    /**
     * After a failed reconciliation: not Ready. A failure a person must fix (an object the API server refuses as invalid,
     * someone else's object at a name the operator owns, a request it forbids) is Stalled; one that is retried and may
     * pass by itself (the API server unavailable, an unexpected error) is Reconciling.
     */
    public static Readiness afterFailure(ReconcileErrors.Classified failure) {
        var category = failure.category();
        boolean needsPerson = category == ReconcileErrors.Category.INVALID || category == ReconcileErrors.Category.OBJECT_NAME_TAKEN
                || category == ReconcileErrors.Category.FORBIDDEN;
        return new Readiness(needsPerson ? State.STALLED : State.RECONCILING, failure.reason(), failure.message());
    }

    public boolean ready() {
        return state == State.READY;
    }

    /** Sets Ready and, where it applies, Reconciling or Stalled; removes whichever of those two no longer holds. */
    public void setOn(Conditions conditions) {
        conditions.set(READY, ready(), reason, message);
        conditions.remove(RECONCILING);
        conditions.remove(STALLED);
        switch (state) {
            case RECONCILING -> conditions.set(RECONCILING, true, reason, message);
            case STALLED -> conditions.set(STALLED, true, reason, message);
            case READY -> { }
        }
    }
}
