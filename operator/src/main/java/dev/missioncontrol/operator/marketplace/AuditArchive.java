package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.ObjectNameTakenException;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * Where a request's signed audit packet lives. The record is the archived copy in the operator's namespace: a tenant
 * can neither edit nor delete it, and it outlives the request (retention: until an administrator deletes it). A copy
 * in the request's namespace, owned by the request, lets the tenant read and export it; the operator restores that
 * copy when it differs and never reads it to decide anything.
 */
public final class AuditArchive {

    private static final ObjectMapper JSON = RenderedJson.indented();

    /** The archived packet as read; {@code envelope} is empty when the ConfigMap exists but holds no readable packet. */
    public record Stored(Optional<Dsse.Envelope> envelope, String resourceVersion, String unreadable) {
    }

    private Optional<ObjectNameTakenException> copyTaken = Optional.empty();
    private final KubernetesClient client;
    private final String operatorNamespace;

    public AuditArchive(KubernetesClient client, String operatorNamespace) {
        this.client = client;
        this.operatorNamespace = operatorNamespace;
    }

    public static String copyName(ConnectRequest request) {
        return AuditPackets.copyName(request.getMetadata().getName());
    }

    public String archiveName(ConnectRequest request) {
        return AuditPackets.archiveName(request.getMetadata().getNamespace(), request.getMetadata().getName());
    }

    public String operatorNamespace() {
        return operatorNamespace;
    }

    /** The archived packet, read from the API server (never a possibly stale cache). */
    public Optional<Stored> read(ConnectRequest request) {
        ConfigMap cm = client.configMaps().inNamespace(operatorNamespace).withName(archiveName(request)).get();
        if (cm == null) {
            return Optional.empty();
        }
        String json = cm.getData() == null ? null : cm.getData().get(AuditPackets.PACKET_KEY);
        if (json == null) {
            return Optional.of(new Stored(Optional.empty(), cm.getMetadata().getResourceVersion(), "it has no " + AuditPackets.PACKET_KEY));
        }
        try {
            return Optional.of(new Stored(Optional.of(JSON.readValue(json, Dsse.Envelope.class)), cm.getMetadata().getResourceVersion(), null));
        } catch (JsonProcessingException e) {
            return Optional.of(new Stored(Optional.empty(), cm.getMetadata().getResourceVersion(), "it is not a DSSE envelope"));
        }
    }

    /**
     * Writes the packet to the archive: creates it, or replaces it if it is still at the version read (409 otherwise,
     * and the reconciliation retries), so an entry is never appended twice. Then refreshes the tenant's copy.
     */
    public void write(ConnectRequest request, Dsse.Envelope envelope, Optional<Stored> previous) {
        String json = json(envelope);
        var cm = new ConfigMapBuilder().withNewMetadata().withName(archiveName(request)).withNamespace(operatorNamespace)
                .withLabels(Map.of(AuditPackets.PACKET_LABEL, "true", AuditPackets.NAMESPACE_LABEL, request.getMetadata().getNamespace(),
                        Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control"))
                .withAnnotations(Map.of(AuditPackets.NAME_ANNOTATION, request.getMetadata().getName(),
                        AuditPackets.UID_ANNOTATION, request.getMetadata().getUid()))
                .endMetadata().withData(Map.of(AuditPackets.PACKET_KEY, json)).build();
        var ops = client.configMaps().inNamespace(operatorNamespace);
        if (previous.isEmpty()) {
            ops.resource(cm).create();
        } else {
            cm.getMetadata().setResourceVersion(previous.get().resourceVersion());
            ops.resource(cm).update();
        }
        publishCopy(request, envelope);
    }

    /** Someone else's ConfigMap holding the tenant copy's name, when the last {@link #publishCopy} found one. */
    public Optional<ObjectNameTakenException> copyTaken() {
        return copyTaken;
    }

    /**
     * Makes the tenant's copy equal to the archived packet; true when it had to be written (absent or altered). Writes
     * nothing over someone else's ConfigMap of that name ({@link #copyTaken}).
     */
    public boolean publishCopy(ConnectRequest request, Dsse.Envelope envelope) {
        String json = json(envelope);
        String ns = request.getMetadata().getNamespace();
        ConfigMap current = client.configMaps().inNamespace(ns).withName(copyName(request)).get();
        // Someone else's ConfigMap at the copy's name is never overwritten; the reconciler names it in status.
        copyTaken = ForeignObjects.notOwnedBy(current, request, Map.of());
        if (copyTaken.isPresent()) {
            return false;
        }
        if (current != null && current.getData() != null && json.equals(current.getData().get(AuditPackets.PACKET_KEY))) {
            return false;
        }
        var cm = new ConfigMapBuilder().withNewMetadata().withName(copyName(request)).withNamespace(ns)
                .withLabels(Map.of(AuditPackets.PACKET_LABEL, "true", Labels.MANAGED_BY, Labels.OPERATOR_NAME,
                        "app.kubernetes.io/part-of", "mission-control"))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(request.getApiVersion()).withKind(request.getKind())
                        .withName(request.getMetadata().getName()).withUid(request.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().withData(Map.of(AuditPackets.PACKET_KEY, json)).build();
        client.resource(cm).forceConflicts().fieldManager(Labels.OPERATOR_NAME).serverSideApply();
        return true;
    }

    /**
     * Keeps a trail that failed verification under another name (never deleted: it is evidence), so a fresh trail can
     * record what happens next; the fresh trail then replaces the broken one at the version read.
     */
    public String setAside(ConnectRequest request, String suffix) {
        String name = archiveName(request) + ".broken-" + suffix;
        ConfigMap cm = client.configMaps().inNamespace(operatorNamespace).withName(archiveName(request)).get();
        if (cm != null) {
            var copy = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(operatorNamespace)
                    .withLabels(Map.of(AuditPackets.NAMESPACE_LABEL, request.getMetadata().getNamespace(), "missioncontrol.dev/audit-broken", "true",
                            Labels.MANAGED_BY, Labels.OPERATOR_NAME))
                    .withAnnotations(cm.getMetadata().getAnnotations()).endMetadata().withData(cm.getData()).build();
            client.resource(copy).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        }
        return name;
    }

    private static String json(Dsse.Envelope envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
