package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Optional;

/** The feature's flag in flagd's format: on exactly for the tenants status says are enabled (rolled-back ones are off). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + PredictiveFlagsConfigMapDependent.COMPONENT))
public class PredictiveFlagsConfigMapDependent extends FlagsConfigMapDependent<PredictiveRollout> {

    static final String COMPONENT = "predictive-flags";

    public PredictiveFlagsConfigMapDependent() {
        super(COMPONENT);
    }

    public static String flagKey(String feature) {
        return "predictive." + feature + ".enabled";
    }

    @Override
    protected FlagdDocument flags(PredictiveRollout rollout) {
        List<String> enabled = Optional.ofNullable(rollout.getStatus()).map(s -> s.getEnabledTenants()).orElse(List.of());
        return FlagdDocument.create().booleanForTenants(flagKey(rollout.getSpec().getFeature()), enabled);
    }
}
