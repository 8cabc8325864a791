package dev.missioncontrol.operator.federation.flags;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cohort's flagd flag definitions, derived from the tenants status says are enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + FeatureFlagsConfigMapDependent.COMPONENT))
public class FeatureFlagsConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, FederationCohort> {

    static final String COMPONENT = "feature-flags";

    public static String name(FederationCohort cohort) {
        return cohort.getMetadata().getName() + "-flags";
    }

    @Override
    protected ConfigMap desired(FederationCohort cohort, Context<FederationCohort> context) {
        List<String> enabled = Optional.ofNullable(cohort.getStatus()).map(s -> s.getEnabledTenants()).orElse(List.of());
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(cohort))
                .withNamespace(cohort.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, cohort))
                .addToLabels("missioncontrol.dev/flagd-source", "true")
                .endMetadata()
                .withData(Map.of(FlagdFlags.FILE_NAME, FlagdFlags.document(cohort.getMetadata().getName(), enabled)))
                .build();
    }
}
