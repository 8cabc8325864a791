package dev.missioncontrol.operator.alerts;

import dev.missioncontrol.operator.api.v1alpha1.HasConditions;
import dev.missioncontrol.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Alerting condition: where this resource's alert rules are, so a person knows what Prometheus must load. */
public final class AlertingCondition {

    public static final String TYPE = "Alerting";
    public static final String IN_PROMETHEUS_RULE = "PrometheusRule";
    public static final String IN_CONFIG_MAP = "PrometheusRuleCrdMissing";

    private AlertingCondition() {
    }

    /** Sets the condition in {@code next}, keeping lastTransitionTime from {@code previous} when nothing changed. */
    public static void set(HasMetadata primary, List<Condition> previous, HasConditions next, boolean crdInstalled, Clock clock) {
        long generation = Optional.ofNullable(primary.getMetadata().getGeneration()).orElse(0L);
        String name = AlertRulesPrometheusRuleDependent.name(primary);
        var condition = new Conditions(previous, generation, clock);
        if (crdInstalled) {
            condition.set(TYPE, true, IN_PROMETHEUS_RULE, "Alert rules are in PrometheusRule " + name + ".");
        } else {
            condition.set(TYPE, true, IN_CONFIG_MAP, "The PrometheusRule CRD (monitoring.coreos.com/v1) is not installed, so the "
                    + "alert rules are in ConfigMap " + name + ", key " + AlertRulesConfigMapDependent.fileName(primary)
                    + ": load it as a Prometheus rule file, or install the Prometheus Operator and they move to a PrometheusRule.");
        }
        List<Condition> merged = new ArrayList<>(Optional.ofNullable(next.getConditions()).orElse(List.of()));
        merged.removeIf(c -> TYPE.equals(c.getType()));
        merged.addAll(condition.build());
        next.setConditions(merged);
    }
}
