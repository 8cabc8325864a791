package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("Scheduled per-tenant usage exports: every window is signed by the operator and confirmed by a receipt, with backfill, drift and lateness alarms (no data is never signed as zero) and rotation of the signing key.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Categories(FederationCohort.CATEGORY)
@ShortNames("mr")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Exported", jsonPath = ".status.exportedThrough", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Late", jsonPath = ".status.conditions[?(@.type==\"ExportLate\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Drift", jsonPath = ".status.conditions[?(@.type==\"DriftDetected\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Window", jsonPath = ".spec.export.window", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MeteringRotation extends CustomResource<MeteringRotationSpec, MeteringRotationStatus> implements Namespaced {

    @Override
    protected MeteringRotationStatus initStatus() {
        return new MeteringRotationStatus();
    }
}
