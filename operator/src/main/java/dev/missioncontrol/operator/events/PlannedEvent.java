package dev.missioncontrol.operator.events;

/**
 * A Kubernetes Event a planner decided to record: Normal or Warning, a CamelCase reason a person can grep, and
 * a message that says what happened. Planners return them; the reconciler records them after the status write.
 *
 * <p>Repeats aggregate into one Event whose count grows ({@link EventAggregation}). Without a series, an Event
 * repeats when type, reason and message are the same (as Kubernetes' own recorders deduplicate). With a series,
 * every Event of that type, reason and series on one object is one Event: its message is the latest, its count the
 * sum of the counts, so a condition seen again per window (a late export, drift) is one Event, not one per window.
 *
 * @param series null: repeats are identical messages; otherwise the name of the series the Event belongs to
 * @param count  how many occurrences this Event stands for (at least 1), e.g. the windows newly late in this pass
 */
public record PlannedEvent(boolean warning, String reason, String message, String series, int count) {

    public PlannedEvent {
        if (count < 1) {
            throw new IllegalArgumentException("an Event stands for at least one occurrence, not " + count);
        }
    }

    public PlannedEvent(boolean warning, String reason, String message) {
        this(warning, reason, message, null, 1);
    }

    public static PlannedEvent normal(String reason, String message) {
        return new PlannedEvent(false, reason, message);
    }

    public static PlannedEvent warning(String reason, String message) {
        return new PlannedEvent(true, reason, message);
    }

    /** The same Event as one of a series: every Event of this type, reason and series on an object is one Event. */
    public PlannedEvent inSeries(String seriesName, int occurrences) {
        return new PlannedEvent(warning, reason, message, seriesName, occurrences);
    }

    public String type() {
        return warning ? "Warning" : "Normal";
    }

    /** What makes two Events on one object the same Event: type, reason, and the series or else the message. */
    public String aggregationKey() {
        return type() + "\n" + reason + "\n" + (series != null ? "series:" + series : "message:" + message);
    }
}
