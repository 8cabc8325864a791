package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;

/** Names of the exporter's ServiceAccount, Role and RoleBinding: least privilege, this resource's objects only. */
public final class ExporterRbac {

    private ExporterRbac() {
    }

    public static String serviceAccount(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-exporter";
    }
}
