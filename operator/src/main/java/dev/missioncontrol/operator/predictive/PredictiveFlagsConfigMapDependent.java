package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.federation.flags.FlagdFlags;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The feature's flag in flagd's format: on exactly for the tenants status says are enabled (rolled-back ones are off). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + PredictiveFlagsConfigMapDependent.COMPONENT))
public class PredictiveFlagsConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, PredictiveRollout> {

    static final String COMPONENT = "predictive-flags";

    public static String flagKey(String feature) {
        return "predictive." + feature + ".enabled";
    }

    @Override
    protected ConfigMap desired(PredictiveRollout rollout, Context<PredictiveRollout> context) {
        List<String> enabled = Optional.ofNullable(rollout.getStatus()).map(s -> s.getEnabledTenants()).orElse(List.of());
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(rollout.getMetadata().getName() + "-flags")
                .withNamespace(rollout.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, rollout))
                .addToLabels("missioncontrol.dev/flagd-source", "true")
                .endMetadata()
                .withData(Map.of(FlagdFlags.FILE_NAME, FlagdFlags.tenantFlagDocument(flagKey(rollout.getSpec().getFeature()), enabled)))
                .build();
    }
}
