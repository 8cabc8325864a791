package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/** The ConfigMap holding the cohort's federation plan, mounted by the gateway. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + FederationPlanConfigMapDependent.COMPONENT))
public class FederationPlanConfigMapDependent extends OwnedDependentResource<ConfigMap, FederationCohort> {

    static final String COMPONENT = "federation-plan";

    public static String name(FederationCohort cohort) {
        return cohort.getMetadata().getName() + "-federation-plan";
    }

    @Override
    protected Optional<String> objectName(FederationCohort cohort) {
        return Optional.of(name(cohort));
    }

    @Override
    protected ConfigMap desired(FederationCohort cohort, Context<FederationCohort> context) {
        FederationPlan plan = FederationPlan.of(cohort);
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(cohort))
                .withNamespace(cohort.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, cohort))
                .endMetadata()
                .withData(Map.of(
                        FederationPlan.FILE_NAME, plan.gatewayJson(),
                        FederationPlan.SOURCES_FILE_NAME, plan.sourcesJson()))
                .build();
    }
}
