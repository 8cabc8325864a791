package dev.missioncontrol.operator.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tenant's objects: the rendered manifests as Fabric8 resources owned by the onboarding, applied with server-side
 * apply at go-live, and the tenant's flagd document. The objects are dynamic (what a pack renders), so they are applied
 * here rather than by one JOSDK dependent per kind; server-side apply makes a second apply (after a restart) a no-op,
 * never a second object.
 */
public final class TenantObjects {

    /** The field manager of everything the onboarding applies, as the other kinds' dependents use the operator's name. */
    public static final String FIELD_MANAGER = Labels.OPERATOR_NAME;
    /** The flagd document's ConfigMap in the tenant's home namespace. */
    public static final String FLAGS_CONFIGMAP = "tenant-flags";

    private final KubernetesClient client;

    public TenantObjects(KubernetesClient client) {
        this.client = client;
    }

    public static OwnerReference ownerReference(TenantOnboarding owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    public static GenericKubernetesResource generic(JsonNode manifest) {
        return CanonicalJson.MAPPER.convertValue(manifest, GenericKubernetesResource.class);
    }

    /** True when the object's controller is this onboarding. */
    public static boolean ownedBy(io.fabric8.kubernetes.api.model.HasMetadata o, TenantOnboarding owner) {
        return o.getMetadata().getOwnerReferences().stream().anyMatch(r -> owner.getMetadata().getUid().equals(r.getUid()));
    }

    /** The rendered namespaces that exist and are not this onboarding's (the tenant id is taken). */
    public List<String> takenNamespaces(TenantOnboarding owner, List<ObjectNode> rendered) {
        List<String> taken = new ArrayList<>();
        for (ObjectNode o : rendered) {
            if ("Namespace".equals(o.path("kind").asText())) {
                Namespace ns = client.namespaces().withName(o.path("metadata").path("name").asText()).get();
                if (ns != null && !ownedBy(ns, owner)) {
                    taken.add(ns.getMetadata().getName());
                }
            }
        }
        return taken;
    }

    /** Applies every object, in order, owned by the onboarding; returns them as the API server returned them. */
    public List<JsonNode> apply(TenantOnboarding owner, List<ObjectNode> objects) {
        List<JsonNode> created = new ArrayList<>();
        for (ObjectNode o : objects) {
            GenericKubernetesResource r = generic(o);
            r.getMetadata().setOwnerReferences(List.of(ownerReference(owner)));
            GenericKubernetesResource applied = client.resource(r).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            created.add(CanonicalJson.MAPPER.valueToTree(applied));
        }
        return created;
    }

    /** The tenant's flagd document: each flag on for the tenant when {@code on}, off for everyone otherwise. */
    public static ConfigMap flags(TenantOnboarding owner, String homeNamespace, List<String> flagKeys, boolean on) {
        FlagdDocument doc = FlagdDocument.create();
        for (String key : flagKeys) {
            doc.booleanForTenants(key, on ? List.of(owner.getSpec().getTenantId()) : List.of());
        }
        return new ConfigMapBuilder().withNewMetadata().withName(FLAGS_CONFIGMAP).withNamespace(homeNamespace)
                .withLabels(Labels.of("tenant-onboarding", owner)).addToLabels(FlagsConfigMapDependent.FLAGD_SOURCE_LABEL, "true")
                .addToLabels(PackRenderer.TENANT_LABEL, owner.getSpec().getTenantId())
                .withOwnerReferences(ownerReference(owner)).endMetadata()
                .withData(Map.of(FlagdDocument.FILE_NAME, doc.toJson())).build();
    }

    /**
     * Turns every flag of the tenant's existing flags document off, when the pack no longer renders (so the flag keys and
     * the home namespace are not known from it): the keys are read from the document itself.
     */
    public void turnFlagsOff(TenantOnboarding owner) {
        for (ConfigMap cm : client.configMaps().inAnyNamespace().withLabel(PackRenderer.TENANT_LABEL, owner.getSpec().getTenantId())
                .withLabel(FlagsConfigMapDependent.FLAGD_SOURCE_LABEL, "true").list().getItems()) {
            if (!ownedBy(cm, owner) || cm.getData() == null || cm.getData().get(FlagdDocument.FILE_NAME) == null) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            try {
                CanonicalJson.MAPPER.readTree(cm.getData().get(FlagdDocument.FILE_NAME)).path("flags").fieldNames().forEachRemaining(keys::add);
            } catch (java.io.IOException e) {
                continue; // not a document this onboarding wrote
            }
            writeFlags(flags(owner, cm.getMetadata().getNamespace(), keys, false));
        }
    }

    /** Writes the flags document when it differs (no write at rest). */
    public void writeFlags(ConfigMap desired) {
        ConfigMap current = client.configMaps().inNamespace(desired.getMetadata().getNamespace()).withName(desired.getMetadata().getName()).get();
        if (current != null && current.getData() != null && current.getData().equals(desired.getData())) {
            return;
        }
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
