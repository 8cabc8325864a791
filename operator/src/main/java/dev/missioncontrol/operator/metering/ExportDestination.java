package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Optional;

/**
 * Whether the PersistentVolumeClaim the export Job mounts (spec.export.destination.persistentVolumeClaim) exists, so
 * a missing one is named as soon as the operator can see it, not discovered as export Jobs that never start.
 * Pure: the claim is read from the operator's informer.
 */
public record ExportDestination(String claim, String namespace, Optional<PersistentVolumeClaim> found) {

    public static final String CONDITION = "ExportDestinationReady";

    public static ExportDestination of(MeteringRotation mr, Optional<PersistentVolumeClaim> found) {
        return new ExportDestination(claimName(mr), mr.getMetadata().getNamespace(), found);
    }

    static String claimName(MeteringRotation mr) {
        var export = mr.getSpec().getExport();
        return export == null || export.getDestination() == null ? null : export.getDestination().getPersistentVolumeClaim();
    }

    public void setOn(Conditions conditions) {
        if (claim == null) {
            return;
        }
        String phase = found.map(PersistentVolumeClaim::getStatus).map(s -> s.getPhase()).orElse(null);
        if (found.isEmpty()) {
            conditions.set(CONDITION, false, "PersistentVolumeClaimMissing", "spec.export.destination.persistentVolumeClaim names "
                    + "PersistentVolumeClaim " + claim + ", which does not exist in namespace " + namespace
                    + ": export Jobs cannot start until it does. Create it, or correct the field.");
        } else if ("Lost".equals(phase)) {
            conditions.set(CONDITION, false, "PersistentVolumeClaimLost", "PersistentVolumeClaim " + claim
                    + " lost its volume: export Jobs cannot write receipts. Restore the volume or point the field at another claim.");
        } else {
            conditions.set(CONDITION, true, "PersistentVolumeClaimFound", "Exports are written to PersistentVolumeClaim " + claim
                    + (phase == null ? "" : " (" + phase + ")") + ".");
        }
    }
}
