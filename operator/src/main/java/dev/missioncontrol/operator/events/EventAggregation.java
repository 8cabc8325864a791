package dev.missioncontrol.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How repeated Events become one Event with a count, decided without I/O.
 *
 * <p>Kubernetes' own recorders (client-go's EventCorrelator) keep the Event they last wrote in memory and raise its
 * {@code count} and {@code lastTimestamp} when the same Event comes again. An operator restarts, and two replicas
 * take turns leading, so the memory here is the cluster: an Event's name is derived from the object's uid and the
 * Event's aggregation key ({@link PlannedEvent#aggregationKey()}), so the recorder finds the Event to raise by name.
 * A recreated object has a new uid and starts new Events. One pass writes each Event at most once: repeats within
 * a pass are collapsed first.
 */
public final class EventAggregation {

    /** Kubernetes names are DNS subdomains: at most 253 characters. */
    static final int MAX_NAME = 253;
    static final int MAX_MESSAGE = 1024;
    private static final int HASH_CHARS = 16;

    private EventAggregation() {
    }

    /** The Event's name: the object's name (shortened if need be), a dot, and a hash of its uid and the key. */
    public static String name(HasMetadata regarding, PlannedEvent event) {
        String object = regarding.getMetadata().getName();
        int room = MAX_NAME - 1 - HASH_CHARS;
        if (object.length() > room) {
            object = object.substring(0, room).replaceAll("[^a-z0-9]+$", "");
        }
        String uid = String.valueOf(regarding.getMetadata().getUid());
        return object + "." + HexFormat.of().formatHex(sha256(uid + "\n" + event.aggregationKey())).substring(0, HASH_CHARS);
    }

    /** Repeats within one pass as one planned Event each: counts summed, the latest message, in first-seen order. */
    public static List<PlannedEvent> collapse(List<PlannedEvent> events) {
        Map<String, PlannedEvent> byKey = new LinkedHashMap<>();
        for (PlannedEvent e : events) {
            byKey.merge(e.aggregationKey(), e, (first, later) -> new PlannedEvent(later.warning(), later.reason(), later.message(),
                    later.series(), first.count() + later.count()));
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * The Event to write: the existing one (same name) with its count raised by the planned count, the latest message
     * and lastTimestamp now; or, when there is none, a new Event with the planned count.
     */
    public static Event next(Optional<Event> existing, HasMetadata regarding, PlannedEvent event, Instant now, String component,
            String instance) {
        String at = now.toString();
        String message = event.message().length() > MAX_MESSAGE ? event.message().substring(0, MAX_MESSAGE) + "…" : event.message();
        if (existing.isPresent()) {
            Event before = existing.get();
            int count = (before.getCount() == null ? 1 : before.getCount()) + event.count();
            return new EventBuilder(before)
                    .editOrNewInvolvedObject().withResourceVersion(regarding.getMetadata().getResourceVersion()).endInvolvedObject()
                    .withMessage(message)
                    .withCount(count)
                    .withLastTimestamp(at)
                    .withReportingInstance(instance)
                    .build();
        }
        String ns = regarding.getMetadata().getNamespace();
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name(regarding, event))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(regarding.getApiVersion())
                .withKind(regarding.getKind())
                .withName(regarding.getMetadata().getName())
                .withNamespace(ns)
                .withUid(regarding.getMetadata().getUid())
                .withResourceVersion(regarding.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(event.type())
                .withReason(event.reason())
                .withMessage(message)
                .withFirstTimestamp(at)
                .withLastTimestamp(at)
                .withCount(event.count())
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withReportingInstance(instance)
                .build();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
