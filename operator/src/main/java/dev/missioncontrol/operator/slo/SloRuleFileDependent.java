package dev.missioncontrol.operator.slo;

import dev.missioncontrol.operator.alerts.AlertRulesConfigMapDependent;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** This SLO's recording rules and burn-rate alerts as a rule-file ConfigMap, while the PrometheusRule CRD is not installed. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + AlertRulesConfigMapDependent.COMPONENT))
public class SloRuleFileDependent extends AlertRulesConfigMapDependent<SearchSLO> {

    @Override
    protected List<RuleGroup> groups(SearchSLO primary) {
        return SloRules.groups(primary);
    }
}
