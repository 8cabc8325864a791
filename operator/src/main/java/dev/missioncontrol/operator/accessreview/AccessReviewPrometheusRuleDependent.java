package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.alerts.AlertRulesPrometheusRuleDependent;
import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** This AccessReview's alerts as a PrometheusRule (active only while the PrometheusRule CRD is installed). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + AlertRulesPrometheusRuleDependent.COMPONENT))
public class AccessReviewPrometheusRuleDependent extends AlertRulesPrometheusRuleDependent<AccessReview> {

    @Override
    protected List<RuleGroup> groups(AccessReview primary) {
        return AccessReviewAlertRules.groups(primary);
    }
}
