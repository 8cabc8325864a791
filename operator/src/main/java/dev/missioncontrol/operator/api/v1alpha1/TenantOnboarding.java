package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster-scoped because it owns the tenant's Namespaces (a namespaced owner cannot own a cluster-scoped object); its
 * name is the tenant id, so the API server itself refuses a second onboarding of a tenant (AlreadyExists).
 */
@JsonClassDescription("A tenant's onboarding (cluster-scoped, named after the tenant id): renders an OnboardingPack, simulates every object with server-side dry run against the cluster's real admission, waives blocks with signed time-boxed appeal tokens, splits the budget into ResourceQuota shares, and at go-live creates the objects, turns the tenant's flags on and signs an evidence bundle.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Categories(FederationCohort.CATEGORY)
@ShortNames("tonb")
@ValidationRule(value = "self.metadata.name == self.spec.tenantId",
        message = "metadata.name must equal spec.tenantId: one TenantOnboarding per tenant, named after it")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Pack", jsonPath = ".spec.packRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Blocks", jsonPath = ".status.blocks", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TenantOnboarding extends CustomResource<TenantOnboardingSpec, TenantOnboardingStatus> {

    @Override
    protected TenantOnboardingStatus initStatus() {
        return new TenantOnboardingStatus();
    }
}
