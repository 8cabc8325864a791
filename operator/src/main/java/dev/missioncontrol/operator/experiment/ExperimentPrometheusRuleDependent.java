package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.alerts.AlertRulesPrometheusRuleDependent;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** This CacheWarmExperiment's alerts as a PrometheusRule (active only while the PrometheusRule CRD is installed). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + AlertRulesPrometheusRuleDependent.COMPONENT))
public class ExperimentPrometheusRuleDependent extends AlertRulesPrometheusRuleDependent<CacheWarmExperiment> {

    @Override
    protected List<RuleGroup> groups(CacheWarmExperiment primary) {
        return ExperimentAlertRules.groups(primary);
    }
}
