package dev.missioncontrol.operator.events;

import dev.missioncontrol.operator.common.ReconcileErrors;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records core/v1 Events on a resource, so `kubectl describe` and `kubectl get events` show what happened. */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    public static final String COMPONENT = "mission-control-operator";
    /** Which replica recorded an Event: the pod's name (POD_NAME, else the hostname, which in a pod is its name). */
    public static final String INSTANCE = instance();

    private EventRecorder() {
    }

    /** Records each planned Event, in order. */
    public static void recordAll(KubernetesClient client, HasMetadata regarding, java.util.List<PlannedEvent> events, Clock clock) {
        events.forEach(e -> record(client, regarding, e, clock));
    }

    public static void record(KubernetesClient client, HasMetadata regarding, PlannedEvent event, Clock clock) {
        record(client, regarding, event.warning(), event.reason(), event.message(), clock);
    }

    public static void record(KubernetesClient client, HasMetadata regarding, boolean warning, String reason,
            String message, Clock clock) {
        String ns = regarding.getMetadata().getNamespace();
        String now = Instant.now(clock).toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(regarding.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(regarding.getApiVersion())
                .withKind(regarding.getKind())
                .withName(regarding.getMetadata().getName())
                .withNamespace(ns)
                .withUid(regarding.getMetadata().getUid())
                .withResourceVersion(regarding.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(warning ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1024) + "…" : message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(INSTANCE)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(event).create();
        } catch (KubernetesClientException e) {
            // An Event is best effort: losing one must not fail or repeat the reconciliation that decided it.
            if (ReconcileErrors.isGone(e)) {
                LOG.debugf("no event %s on %s/%s: its namespace is going away", reason, ns, regarding.getMetadata().getName());
                return;
            }
            LOG.warnf("could not record event %s on %s/%s: %s", reason, ns, regarding.getMetadata().getName(), e.getMessage());
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
