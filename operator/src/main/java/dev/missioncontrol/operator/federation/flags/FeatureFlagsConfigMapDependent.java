package dev.missioncontrol.operator.federation.flags;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Optional;

/** The cohort's flagd flag definitions, derived from the tenants status says are enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + FeatureFlagsConfigMapDependent.COMPONENT))
public class FeatureFlagsConfigMapDependent extends FlagsConfigMapDependent<FederationCohort> {

    static final String COMPONENT = "feature-flags";

    public FeatureFlagsConfigMapDependent() {
        super(COMPONENT);
    }

    @Override
    protected FlagdDocument flags(FederationCohort cohort) {
        List<String> enabled = Optional.ofNullable(cohort.getStatus()).map(s -> s.getEnabledTenants()).orElse(List.of());
        return CohortFlags.document(cohort.getMetadata().getName(), enabled);
    }
}
