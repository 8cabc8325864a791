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

@JsonClassDescription("The go / no-go decision of a predictive (ML) feature: on go, a rollout to tenants in waves behind per-tenant audit-sampling, abuse and quota gates, rolling back a tenant that keeps breaching and requiring a recent rollback drill before the final wave; on no-go, the tracked remediation plan and its re-review date.")
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@Categories(FederationCohort.CATEGORY)
@ShortNames("pr")
@ValidationRule(value = "self.spec.decision != 'go' || (has(self.spec.waves) && size(self.spec.waves) > 0 && has(self.spec.analysis) && has(self.spec.rehearsal))",
        message = "spec.decision go needs spec.waves, spec.analysis and spec.rehearsal", fieldPath = ".spec")
@ValidationRule(value = "self.spec.decision != 'no-go' || has(self.spec.remediation)",
        message = "spec.decision no-go needs spec.remediation (milestones and a re-review date)", fieldPath = ".spec")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Decision", jsonPath = ".spec.decision", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Wave", jsonPath = ".status.waveProgress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rollbacks", jsonPath = ".status.rollbackCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PredictiveRollout extends CustomResource<PredictiveRolloutSpec, PredictiveRolloutStatus> implements Namespaced {

    @Override
    protected PredictiveRolloutStatus initStatus() {
        return new PredictiveRolloutStatus();
    }
}
