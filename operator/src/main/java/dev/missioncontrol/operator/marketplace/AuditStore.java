package dev.missioncontrol.operator.marketplace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * The signed audit packet of a request, in a ConfigMap owned by it. Read straight from the API server
 * (never a possibly stale cache) and written with optimistic locking, so an entry is never appended twice.
 */
public final class AuditStore {

    public static final String LABEL = AuditPackets.PACKET_LABEL;
    public static final String KEY = AuditPackets.PACKET_KEY;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Stored(Dsse.Envelope envelope, String resourceVersion) {
    }

    private AuditStore() {
    }

    public static String name(ConnectRequest request) {
        return request.getMetadata().getName() + "-audit";
    }

    public static Optional<Stored> read(KubernetesClient client, ConnectRequest request) {
        ConfigMap cm = client.configMaps().inNamespace(request.getMetadata().getNamespace()).withName(name(request)).get();
        if (cm == null || cm.getData() == null || cm.getData().get(KEY) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(JSON.readValue(cm.getData().get(KEY), Dsse.Envelope.class), cm.getMetadata().getResourceVersion()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit packet " + name(request) + " is not a DSSE envelope: " + e.getOriginalMessage(), e);
        }
    }

    /** Creates the packet, or replaces it if it is still at the version read (409 otherwise, and the reconciliation retries). */
    public static void write(KubernetesClient client, ConnectRequest request, Dsse.Envelope envelope, Optional<Stored> previous) {
        String json;
        try {
            json = JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(request))
                .withNamespace(request.getMetadata().getNamespace())
                .withLabels(Map.of(LABEL, "true", Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control"))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(request.getApiVersion()).withKind(request.getKind())
                        .withName(request.getMetadata().getName()).withUid(request.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(Map.of(KEY, json))
                .build();
        var ops = client.configMaps().inNamespace(request.getMetadata().getNamespace());
        if (previous.isEmpty()) {
            ops.resource(cm).create();
        } else {
            cm.getMetadata().setResourceVersion(previous.get().resourceVersion());
            ops.resource(cm).update();
        }
    }
}
