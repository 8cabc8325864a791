package dev.missioncontrol.operator.experiment;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;
import static dev.missioncontrol.operator.alerts.AlertRule.quote;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.List;

/**
 * A cache-warming experiment's alerts, on the operator's own gauges (derived from status):
 * missioncontrol_experiment_guardrail_breached{namespace,name,arm} (an arm stopped by a guardrail) and
 * missioncontrol_experiment_invalid{namespace,name} (ended Invalid).
 */
public final class ExperimentAlertRules {

    private ExperimentAlertRules() {
    }

    public static List<RuleGroup> groups(CacheWarmExperiment e) {
        String ns = e.getMetadata().getNamespace();
        String name = e.getMetadata().getName();
        String selector = "{namespace=\"" + quote(ns) + "\",name=\"" + quote(name) + "\"}";
        String who = "CacheWarmExperiment " + ns + "/" + name;
        return List.of(new RuleGroupBuilder().withName("missioncontrol.cachewarmexperiment." + ns + "." + name).withRules(
                alert("CacheWarmGuardrailBreached",
                        "max by (namespace, name, arm) (missioncontrol_experiment_guardrail_breached" + selector + ") > 0",
                        Duration.ZERO, AlertRule.labels(e, AlertRule.WARNING),
                        "Cache-warming arm {{ $labels.arm }} breached a guardrail",
                        who + ": arm {{ $labels.arm }} was stopped by a guardrail (p95 latency worse than control by more than "
                                + "spec.guardrails.latencyMargin, or its warmer over its query budget); see the arm's stoppedBecause "
                                + "in status and suspend or fix its warmer.", "cachewarmexperiment#guardrails"),
                alert("CacheWarmExperimentInvalid",
                        "max by (namespace, name) (missioncontrol_experiment_invalid" + selector + ") > 0",
                        Duration.ZERO, AlertRule.labels(e, AlertRule.WARNING),
                        "Cache-warming experiment ended Invalid",
                        who + " ended Invalid (a sample-ratio mismatch or an assignment drift): its comparison cannot be trusted; "
                                + "read the Ready condition and start a new experiment.", "cachewarmexperiment#invalid"))
                .build());
    }
}
