package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant's request to connect a MarketplaceSource; every transition is appended to a signed audit trail. */
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@ShortNames("creq")
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.sourceRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tenant", jsonPath = ".spec.tenant", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ConnectRequest extends CustomResource<ConnectRequestSpec, ConnectRequestStatus> implements Namespaced {

    @Override
    protected ConnectRequestStatus initStatus() {
        return new ConnectRequestStatus();
    }
}
