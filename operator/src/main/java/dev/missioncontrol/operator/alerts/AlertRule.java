package dev.missioncontrol.operator.alerts;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alerting or recording rule, with the labels every Mission Control alert carries: severity, kind,
 * namespace and name of the resource it belongs to (and tenant where one applies).
 */
public final class AlertRule {

    /** Wakes someone now. */
    public static final String CRITICAL = "critical";
    /** Needs attention within working hours (a ticket). */
    public static final String WARNING = "warning";

    public static final String RUNBOOKS = "https://missioncontrol.dev/runbooks/";

    private AlertRule() {
    }

    public static Map<String, String> labels(HasMetadata owner, String severity) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity);
        labels.put("kind", owner.getKind());
        labels.put("namespace", owner.getMetadata().getNamespace());
        labels.put("name", owner.getMetadata().getName());
        return labels;
    }

    public static Rule alert(String name, String expr, Duration pending, Map<String, String> labels, String summary,
            String description, String runbook) {
        return new RuleBuilder().withAlert(name).withExpr(new IntOrString(expr)).withFor(duration(pending))
                .withLabels(labels)
                .withAnnotations(annotations(summary, description, runbook))
                .build();
    }

    private static Map<String, String> annotations(String summary, String description, String runbook) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", RUNBOOKS + runbook);
        return annotations;
    }

    public static Rule record(String name, String expr, Map<String, String> labels) {
        return new RuleBuilder().withRecord(name).withExpr(new IntOrString(expr)).withLabels(labels.isEmpty() ? null : labels)
                .build();
    }

    /** Prometheus's duration syntax: whole hours, minutes or seconds. */
    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A label value inside a PromQL string literal. */
    public static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** An exact match for a regex matcher (=~): tenants are DNS-like names, but escape anyway. */
    public static String regexLiteral(String value) {
        return value.replaceAll("([\\\\.+*?\\[\\](){}|^$])", "\\\\\\\\$1");
    }
}
