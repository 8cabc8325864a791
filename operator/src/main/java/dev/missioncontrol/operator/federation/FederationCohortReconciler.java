package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.Objects;

/** Reads the cohort, lets the workflow apply its owned objects, and writes status once, only when it changed. */
@ControllerConfiguration(name = FederationCohortReconciler.NAME)
@Workflow(dependents = {
        @Dependent(name = "federation-plan", type = FederationPlanConfigMapDependent.class),
        @Dependent(name = "gateway-deployment", type = SearchDeploymentDependent.class,
                dependsOn = "federation-plan", readyPostcondition = DeploymentAvailableCondition.class),
        @Dependent(name = "gateway-service", type = SearchServiceDependent.class)
})
public class FederationCohortReconciler implements Reconciler<FederationCohort> {

    public static final String NAME = "federationcohort";

    private final Clock clock;

    public FederationCohortReconciler() {
        this(Clock.systemUTC());
    }

    FederationCohortReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public UpdateControl<FederationCohort> reconcile(FederationCohort cohort, Context<FederationCohort> context) {
        GatewayReadiness gateway = context.getSecondaryResource(Deployment.class)
                .map(GatewayReadiness::of)
                .orElseGet(() -> GatewayReadiness.missing(SearchDeploymentDependent.name(cohort)));
        var next = FederationCohortStatusBuilder.build(cohort, gateway, clock);
        if (Objects.equals(next, cohort.getStatus())) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(withStatus(cohort, next));
    }

    @Override
    public ErrorStatusUpdateControl<FederationCohort> updateErrorStatus(FederationCohort cohort,
            Context<FederationCohort> context, Exception e) {
        if (isGone(e)) {
            // Deleted while we reconciled: nothing to report on, and garbage collection cleans up after it.
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        var next = FederationCohortStatusBuilder.failed(cohort, e, clock);
        if (Objects.equals(next, cohort.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        return ErrorStatusUpdateControl.patchStatus(withStatus(cohort, next));
    }

    private static boolean isGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException kce && kce.getCode() == 404) {
                return true;
            }
        }
        return false;
    }

    /** A minimal copy for the server-side-apply status patch: identity plus status, never the spec. */
    private static FederationCohort withStatus(FederationCohort cohort, FederationCohortStatus status) {
        var patch = new FederationCohort();
        patch.getMetadata().setName(cohort.getMetadata().getName());
        patch.getMetadata().setNamespace(cohort.getMetadata().getNamespace());
        patch.setStatus(status);
        return patch;
    }
}
