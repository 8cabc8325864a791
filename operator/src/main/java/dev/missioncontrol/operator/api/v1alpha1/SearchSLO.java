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

@JsonClassDescription("A service level objective for a search service: the operator turns it into recording rules and the SRE workbook's multi-window multi-burn-rate alerts, and reports the error budget left.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Plural("searchslos")
@Categories(FederationCohort.CATEGORY)
@ShortNames("slo")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Service", jsonPath = ".spec.service", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objective", jsonPath = ".spec.objective", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Budget left", jsonPath = ".status.errorBudgetRemaining", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SearchSLO extends CustomResource<SearchSLOSpec, SearchSLOStatus> implements Namespaced {

    @Override
    protected SearchSLOStatus initStatus() {
        return new SearchSLOStatus();
    }
}
