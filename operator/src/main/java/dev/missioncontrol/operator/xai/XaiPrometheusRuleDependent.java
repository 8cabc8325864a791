package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.alerts.AlertRulesPrometheusRuleDependent;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** This ExplanationExport's alerts as a PrometheusRule (active only while the PrometheusRule CRD is installed). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + AlertRulesPrometheusRuleDependent.COMPONENT))
public class XaiPrometheusRuleDependent extends AlertRulesPrometheusRuleDependent<ExplanationExport> {

    @Override
    protected List<RuleGroup> groups(ExplanationExport primary) {
        return XaiAlertRules.groups(primary);
    }
}
