package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The go / no-go decision of a predictive feature: a gated rollout in waves, or a tracked remediation plan. */
@Group(FederationCohort.GROUP)
@Version(FederationCohort.VERSION)
@ShortNames("pr")
@ValidationRule(value = "self.spec.decision != 'go' || (has(self.spec.waves) && size(self.spec.waves) > 0 && has(self.spec.analysis) && has(self.spec.rehearsal))",
        message = "spec.decision go needs spec.waves, spec.analysis and spec.rehearsal", fieldPath = ".spec")
@ValidationRule(value = "self.spec.decision != 'no-go' || has(self.spec.remediation)",
        message = "spec.decision no-go needs spec.remediation (milestones and a re-review date)", fieldPath = ".spec")
@AdditionalPrinterColumn(name = "Decision", jsonPath = ".spec.decision", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Wave", jsonPath = ".status.currentWave", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rollbacks", jsonPath = ".status.rollbackCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PredictiveRollout extends CustomResource<PredictiveRolloutSpec, PredictiveRolloutStatus> implements Namespaced {

    @Override
    protected PredictiveRolloutStatus initStatus() {
        return new PredictiveRolloutStatus();
    }
}
