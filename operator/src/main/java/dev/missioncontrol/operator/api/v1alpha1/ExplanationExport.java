package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("A reliable exporter of explanation events (mcctl xai export): the operator runs it as a Deployment, alerts on its "
        + "export KPIs and on a ledger that does not balance, reports each KPI's measured value and verdict, and serves the caveat "
        + "banners explanations must show as a flagd document once they pass the accessibility checks.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Plural("explanationexports")
@Categories(FederationCohort.CATEGORY)
@ShortNames("xaiexport")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Coverage", jsonPath = ".status.conditions[?(@.type==\"CoverageMet\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ledger", jsonPath = ".status.conditions[?(@.type==\"LedgerBalanced\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Banners", jsonPath = ".status.conditions[?(@.type==\"BannersAccessible\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ExplanationExport extends CustomResource<ExplanationExportSpec, ExplanationExportStatus> implements Namespaced {

    @Override
    protected ExplanationExportStatus initStatus() {
        return new ExplanationExportStatus();
    }
}
