package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Ready post-condition of the gateway: the Deployment controller reports the current generation Available. */
public class DeploymentAvailableCondition implements Condition<Deployment, FederationCohort> {

    @Override
    public boolean isMet(DependentResource<Deployment, FederationCohort> dependent, FederationCohort cohort,
            Context<FederationCohort> context) {
        return dependent.getSecondaryResource(cohort, context).map(GatewayReadiness::of)
                .map(GatewayReadiness::available).orElse(false);
    }
}
