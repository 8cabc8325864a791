package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The experiment's flag {@code cache-warmer.<name>} in ConfigMap {@code <name>-flags}: the fractional rule that pins each
 * tenant to its arm, or, once a winner is promoted (spec.promoteWinner), the winner for every tenant.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + ExperimentFlagsConfigMapDependent.COMPONENT))
public class ExperimentFlagsConfigMapDependent extends FlagsConfigMapDependent<CacheWarmExperiment> {

    static final String COMPONENT = "experiment-flags";

    public ExperimentFlagsConfigMapDependent() {
        super(COMPONENT);
    }

    @Override
    protected FlagdDocument flags(CacheWarmExperiment experiment) {
        return ExperimentFlags.document(ExperimentFlags.flagKey(experiment), experiment.getSpec().getArms(), promoted(experiment));
    }

    /** The winner to serve everyone: only with spec.promoteWinner, and only once the decision is Winner. */
    static String promoted(CacheWarmExperiment experiment) {
        var s = experiment.getStatus();
        if (!experiment.getSpec().promoteWinner() || s == null || s.getDecision() == null) {
            return null;
        }
        return s.getDecision() == dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision.Winner ? s.getWinner() : null;
    }
}
