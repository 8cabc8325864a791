package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("A cohort of tenants that gets federated search, one step of tenants at a time behind latency, complaint-rate and ctr@5-uplift gates measured in Prometheus; the operator owns the cohort's gateway Deployment and Service, its federation plan and its flagd feature flags, and falls the cohort back to single-index mode when a step's analysis keeps failing.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Categories(FederationCohort.CATEGORY)
@ShortNames("fc")
@ValidationRule(value = "!has(self.spec.after) || self.spec.after != self.metadata.name",
        message = "spec.after must name another FederationCohort, not this one", fieldPath = ".spec.after")
@ValidationRule(value = "size(self.metadata.name) <= 55",
        message = "metadata.name must be at most 55 characters: the gateway Service is named <name>-gateway and Service names are limited to 63",
        // metadata has no schema of its own in the CRD, so a fieldPath cannot point at it; without one the API server prints <nil>
        fieldPath = ".spec")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.stepProgress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Enabled", jsonPath = ".status.enabledTenantCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Tenants", jsonPath = ".status.tenantCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FederationCohort extends CustomResource<FederationCohortSpec, FederationCohortStatus> implements Namespaced {
    public static final String GROUP = "missioncontrol.dev";
    public static final String VERSION = "v1alpha1";
    /** kubectl get missioncontrol lists every Mission Control kind. */
    public static final String CATEGORY = "missioncontrol";

    @Override
    protected FederationCohortStatus initStatus() {
        return new FederationCohortStatus();
    }
}
