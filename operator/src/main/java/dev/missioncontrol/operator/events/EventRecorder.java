package dev.missioncontrol.operator.events;

import dev.missioncontrol.operator.common.ReconcileErrors;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records core/v1 Events on a resource, so `kubectl describe` and `kubectl get events` show what happened. A repeat
 * raises the count of the Event already recorded ({@link EventAggregation}): one read and one write per Event.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    public static final String COMPONENT = "mission-control-operator";
    /** Which replica recorded an Event: the pod's name (POD_NAME, else the hostname, which in a pod is its name). */
    public static final String INSTANCE = instance();
    /** Another writer changed the Event between our read and our write (a replica handing over): read and try again. */
    private static final int ATTEMPTS = 3;

    private EventRecorder() {
    }

    /** Records each planned Event, in order, repeats within the list collapsed into one. */
    public static void recordAll(KubernetesClient client, HasMetadata regarding, List<PlannedEvent> events, Clock clock) {
        EventAggregation.collapse(events).forEach(e -> record(client, regarding, e, clock));
    }

    public static void record(KubernetesClient client, HasMetadata regarding, boolean warning, String reason,
            String message, Clock clock) {
        record(client, regarding, new PlannedEvent(warning, reason, message), clock);
    }

    public static void record(KubernetesClient client, HasMetadata regarding, PlannedEvent event, Clock clock) {
        String ns = regarding.getMetadata().getNamespace();
        String name = EventAggregation.name(regarding, event);
        Instant now = Instant.now(clock);
        var events = client.v1().events().inNamespace(ns);
        try {
            for (int attempt = 1; ; attempt++) {
                Optional<Event> existing = Optional.ofNullable(events.withName(name).get());
                Event next = EventAggregation.next(existing, regarding, event, now, COMPONENT, INSTANCE);
                try {
                    if (existing.isPresent()) {
                        events.resource(next).update(); // carries the resourceVersion read: refused if it changed since
                    } else {
                        events.resource(next).create();
                    }
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (KubernetesClientException e) {
            // An Event is best effort: losing one must not fail or repeat the reconciliation that decided it.
            if (ReconcileErrors.isGone(e)) {
                LOG.debugf("no event %s on %s/%s: its namespace is going away", event.reason(), ns, regarding.getMetadata().getName());
                return;
            }
            LOG.warnf("could not record event %s on %s/%s: %s", event.reason(), ns, regarding.getMetadata().getName(), e.getMessage());
        }
    }

    private static String instance() {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return COMPONENT;
    }
}
