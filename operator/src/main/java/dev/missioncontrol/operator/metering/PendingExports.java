package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signed exports waiting for delivery: ConfigMap {@code <name>-exports} in the rotation's namespace, owned by it,
 * data key {@code <window>.<tenant>}, value the export file's exact bytes. The exporter only copies them to the volume;
 * an entry leaves once its receipt matches what was signed, so the object stays small (at most
 * {@link MeteringPlanner#MAX_PENDING} entries of about 1 KiB). Its content is a function of the archive, so an edit is
 * undone at the next reconciliation, and an edited file fails the digest check.
 */
public final class PendingExports {

    static final String COMPONENT = "metering-exports";
    private static final String FIELD_MANAGER = Labels.OPERATOR_NAME + "-metering-exports";

    private PendingExports() {
    }

    public static String name(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-exports";
    }

    /** Applies the pending entries (the archived records not delivered yet); writes nothing when they are already there. */
    public static void apply(KubernetesClient client, MeteringRotation mr, Collection<ArchivedExport> archive) {
        Map<String, String> data = new TreeMap<>();
        archive.stream().filter(r -> !r.delivered() && r.file() != null).forEach(r -> data.put(r.key(), r.file()));
        ConfigMap current = client.configMaps().inNamespace(mr.getMetadata().getNamespace()).withName(name(mr)).get();
        // Someone else's ConfigMap at this name is named in status and never overwritten.
        ForeignObjects.notOwnedBy(current, mr, Map.of()).ifPresent(taken -> {
            throw taken;
        });
        if (current != null && data.equals(current.getData() == null ? Map.of() : current.getData())) {
            return;
        }
        var desired = new ConfigMapBuilder().withNewMetadata().withName(name(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, mr))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(mr.getApiVersion()).withKind(mr.getKind())
                        .withName(mr.getMetadata().getName()).withUid(mr.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata().withData(data).build();
        client.resource(desired).forceConflicts().fieldManager(FIELD_MANAGER).serverSideApply();
    }
}
