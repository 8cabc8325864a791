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

@JsonClassDescription("An A/B/n trial of cache-warming heuristics by tenant: tenants pinned to arms through a flagd fractional rule, "
        + "each arm's warmer run as a CronJob, the hit ratio per arm compared with the control's through an always-valid interval "
        + "checked every interval, and a signed verdict: Winner, NoDifference, Inconclusive or Invalid.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Plural("cachewarmexperiments")
@Categories(FederationCohort.CATEGORY)
@ShortNames("cwe")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Decision", jsonPath = ".status.decision", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Winner", jsonPath = ".status.winner", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class CacheWarmExperiment extends CustomResource<CacheWarmExperimentSpec, CacheWarmExperimentStatus> implements Namespaced {

    @Override
    protected CacheWarmExperimentStatus initStatus() {
        return new CacheWarmExperimentStatus();
    }
}
