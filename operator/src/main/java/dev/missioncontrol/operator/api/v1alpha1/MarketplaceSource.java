package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A vetted data-source card in the marketplace: provider, license, DPIA; the operator derives its badges. */
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@ShortNames("msrc")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.provider", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Live", jsonPath = ".status.conditions[?(@.type==\"Live\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Badges", jsonPath = ".status.badges", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MarketplaceSource extends CustomResource<MarketplaceSourceSpec, MarketplaceSourceStatus> implements Namespaced {

    @Override
    protected MarketplaceSourceStatus initStatus() {
        return new MarketplaceSourceStatus();
    }
}
