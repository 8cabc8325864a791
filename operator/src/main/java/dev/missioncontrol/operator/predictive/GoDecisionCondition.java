package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Drills are scheduled only for a go decision; a no-go removes the CronJob. */
public class GoDecisionCondition implements Condition<CronJob, PredictiveRollout> {

    @Override
    public boolean isMet(DependentResource<CronJob, PredictiveRollout> dependent, PredictiveRollout rollout, Context<PredictiveRollout> context) {
        return rollout.getSpec().getDecision() == PredictiveRolloutSpec.Decision.GO && rollout.getSpec().getRehearsal() != null;
    }
}
