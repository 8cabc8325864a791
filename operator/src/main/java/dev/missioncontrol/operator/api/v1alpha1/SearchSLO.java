package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A service level objective for a search service, with the SRE workbook's multi-window multi-burn-rate alerts. */
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Plural("searchslos")
@ShortNames("slo")
@AdditionalPrinterColumn(name = "Service", jsonPath = ".spec.service", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objective", jsonPath = ".spec.objective", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Budget left", jsonPath = ".status.errorBudgetRemaining", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SearchSLO extends CustomResource<SearchSLOSpec, SearchSLOStatus> implements Namespaced {

    @Override
    protected SearchSLOStatus initStatus() {
        return new SearchSLOStatus();
    }
}
