package dev.missioncontrol.mcctl.xai;

/** Where an eligible event stands in the ledger: in flight, or one of the terminal outcomes. */
public enum Outcome {
    /** Being sent (or to be sent again after a restart); the only state that is not terminal. */
    IN_FLIGHT("in_flight"),
    /** The sink answered 2xx. */
    DELIVERED("delivered"),
    /** The sink answered with a permanent failure; the bucket says which; a copy is in the dead-letter directory. */
    DROPPED_PERMANENT("dropped_permanent"),
    /** Retryable failures until the retry policy's total time ran out; a copy is in the dead-letter directory. */
    DROPPED_EXHAUSTED("dropped_exhausted"),
    /** Never sent: the line was malformed, failed the schema, was too large or named an unknown tenant. */
    DEAD_LETTERED("dead_lettered"),
    /** The event carries the opt-out flag: counted, never sent. */
    OPTED_OUT("opted_out");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean terminal() {
        return this != IN_FLIGHT;
    }

    public static Outcome ofLabel(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome " + label);
    }
}
