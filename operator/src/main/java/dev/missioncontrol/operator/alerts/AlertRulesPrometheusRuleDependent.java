package dev.missioncontrol.operator.alerts;

import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import java.util.List;
import java.util.Optional;

/** A resource's alert rules as a PrometheusRule (monitoring.coreos.com/v1) it owns. */
public abstract class AlertRulesPrometheusRuleDependent<P extends HasMetadata> extends OwnedDependentResource<PrometheusRule, P> {

    public static final String COMPONENT = "alert-rules";

    protected AlertRulesPrometheusRuleDependent() {
        super(PrometheusRule.class);
    }

    /** The rule groups, a pure function of the resource. */
    protected abstract List<RuleGroup> groups(P primary);

    public static String name(HasMetadata primary) {
        return primary.getMetadata().getName() + "-" + primary.getSingular() + "-alerts";
    }

    @Override
    protected Optional<String> objectName(P primary) {
        return Optional.of(name(primary));
    }

    @Override
    protected PrometheusRule desired(P primary, Context<P> context) {
        return new PrometheusRuleBuilder().withNewMetadata().withName(name(primary))
                .withNamespace(primary.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, primary)).endMetadata()
                .withNewSpec().withGroups(groups(primary)).endSpec().build();
    }
}
