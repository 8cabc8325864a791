package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The ClusterIP Service in front of the gateway pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + SearchDeploymentDependent.COMPONENT))
public class SearchServiceDependent extends OwnedDependentResource<Service, FederationCohort> {

    public static String name(FederationCohort cohort) {
        return SearchDeploymentDependent.name(cohort);
    }

    @Override
    protected Optional<String> objectName(FederationCohort cohort) {
        return Optional.of(name(cohort));
    }

    @Override
    protected Service desired(FederationCohort cohort, Context<FederationCohort> context) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name(cohort))
                .withNamespace(cohort.getMetadata().getNamespace())
                .withLabels(Labels.of(SearchDeploymentDependent.COMPONENT, cohort))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(SearchDeploymentDependent.COMPONENT, cohort))
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
