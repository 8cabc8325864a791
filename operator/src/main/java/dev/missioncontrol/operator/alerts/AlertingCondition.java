package dev.missioncontrol.operator.alerts;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The Alerting condition: where this resource's alert rules are, so a person knows what Prometheus must load. */
public final class AlertingCondition {

    public static final String TYPE = "Alerting";
    public static final String IN_PROMETHEUS_RULE = "PrometheusRule";
    public static final String IN_CONFIG_MAP = "PrometheusRuleCrdMissing";

    private AlertingCondition() {
    }

    /** The Alerting condition's reason and message (its status is always True: the rules exist somewhere). */
    public record Verdict(String reason, String message) {
    }

    public static Verdict of(HasMetadata primary, boolean crdInstalled) {
        String name = AlertRulesPrometheusRuleDependent.name(primary);
        if (crdInstalled) {
            return new Verdict(IN_PROMETHEUS_RULE, "Alert rules are in PrometheusRule " + name + ".");
        }
        return new Verdict(IN_CONFIG_MAP, "The PrometheusRule CRD (monitoring.coreos.com/v1) is not installed, so the "
                + "alert rules are in ConfigMap " + name + ", key " + AlertRulesConfigMapDependent.fileName(primary)
                + ": load it as a Prometheus rule file, or install the Prometheus Operator and they move to a PrometheusRule.");
    }
}
