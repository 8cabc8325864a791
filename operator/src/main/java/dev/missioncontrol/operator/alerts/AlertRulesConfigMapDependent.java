package dev.missioncontrol.operator.alerts;

import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The same rule groups as the PrometheusRule, in Prometheus's rule-file format, for clusters without the
 * Prometheus Operator: mount the ConfigMap into Prometheus and list it under rule_files (or let a
 * ConfigMap-watching sidecar pick it up by its missioncontrol.dev/prometheus-rules label).
 */
public abstract class AlertRulesConfigMapDependent<P extends HasMetadata> extends OwnedDependentResource<ConfigMap, P> {

    public static final String COMPONENT = "alert-rules-file";
    public static final String RULES_LABEL = "missioncontrol.dev/prometheus-rules";

    protected AlertRulesConfigMapDependent() {
        super(ConfigMap.class);
    }

    protected abstract List<RuleGroup> groups(P primary);

    /** The key of the rule file: unique per resource, so several ConfigMaps can be mounted into one directory. */
    public static String fileName(HasMetadata primary) {
        return primary.getSingular() + "-" + primary.getMetadata().getNamespace() + "-" + primary.getMetadata().getName()
                + ".rules.yml";
    }

    @Override
    protected Optional<String> objectName(P primary) {
        return Optional.of(AlertRulesPrometheusRuleDependent.name(primary));
    }

    @Override
    protected ConfigMap desired(P primary, Context<P> context) {
        return new ConfigMapBuilder().withNewMetadata().withName(AlertRulesPrometheusRuleDependent.name(primary))
                .withNamespace(primary.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, primary))
                .addToLabels(RULES_LABEL, "true").endMetadata()
                .withData(Map.of(fileName(primary), RuleFile.render(groups(primary)))).build();
    }
}
