package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Scheduled, signed per-tenant usage exports with key rotation, drift alarms and backfill. */
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@ShortNames("mr")
@AdditionalPrinterColumn(name = "Window", jsonPath = ".spec.export.window", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Exported", jsonPath = ".status.exportedThrough", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Drift", jsonPath = ".status.conditions[?(@.type==\"DriftDetected\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Late", jsonPath = ".status.conditions[?(@.type==\"ExportLate\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MeteringRotation extends CustomResource<MeteringRotationSpec, MeteringRotationStatus> implements Namespaced {

    @Override
    protected MeteringRotationStatus initStatus() {
        return new MeteringRotationStatus();
    }
}
