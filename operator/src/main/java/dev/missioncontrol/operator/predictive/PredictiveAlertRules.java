package dev.missioncontrol.operator.predictive;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;
import static dev.missioncontrol.operator.alerts.AlertRule.quote;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveAnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A predictive rollout's alerts: per tenant of every wave, audit sampling below its threshold (99 % by default)
 * and the two abuse gates (abusive share, quota rejections) over theirs, with the gates' own PromQL; and any
 * rollback, for an hour after it happened. Gate alerts wait one analysis interval (at least a minute).
 */
public final class PredictiveAlertRules {

    /** How long a rollback keeps its alert firing. */
    static final Duration ROLLBACK_ALERT_WINDOW = Duration.ofHours(1);

    private PredictiveAlertRules() {
    }

    public static List<RuleGroup> groups(PredictiveRollout rollout) {
        var spec = rollout.getSpec();
        PredictiveAnalysisSpec analysis = Optional.ofNullable(spec.getAnalysis()).orElseGet(PredictiveAnalysisSpec::new);
        Duration interval = analysis.interval();
        Duration pending = interval.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : interval;
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName();
        String who = "PredictiveRollout " + ns + "/" + name;
        Set<String> tenants = new LinkedHashSet<>();
        Optional.ofNullable(spec.getWaves()).orElse(List.of()).forEach(w -> tenants.addAll(w.getTenants()));

        List<Rule> rules = new ArrayList<>();
        for (String tenant : tenants) {
            for (PredictiveGate gate : PredictiveGate.values()) {
                double threshold = gate.threshold(analysis);
                String query = gate.query(analysis, spec.getFeature(), quote(tenant), ns);
                Map<String, String> labels = AlertRule.labels(rollout, gate == PredictiveGate.AUDIT_SAMPLING ? AlertRule.CRITICAL : AlertRule.WARNING);
                labels.put("tenant", tenant);
                labels.put("gate", gate.definition().name());
                String limit = gate.definition().format().threshold(threshold);
                rules.add(switch (gate) {
                    case AUDIT_SAMPLING -> alert("PredictiveAuditSamplingLow", "(" + query + ") < " + threshold, pending, labels,
                            "Predictive audit sampling below " + limit + " for tenant " + tenant,
                            who + ": only {{ $value | humanizePercentage }} of tenant " + tenant + "'s predictions are sampled"
                                    + " into audit (needs at least " + limit + ").", "predictive#audit-sampling");
                    case ABUSE_RATE -> alert("PredictiveAbuseRateHigh", "(" + query + ") > " + threshold, pending, labels,
                            "Predictive abuse gate breached for tenant " + tenant,
                            who + ": {{ $value | humanizePercentage }} of tenant " + tenant + "'s requests are flagged"
                                    + " abusive (limit " + limit + ").", "predictive#abuse");
                    case QUOTA_REJECTIONS -> alert("PredictiveQuotaRejectionsHigh", "(" + query + ") > " + threshold, pending, labels,
                            "Predictive quota rejections above " + limit + " for tenant " + tenant,
                            who + ": {{ $value | humanizePercentage }} of tenant " + tenant + "'s requests are rejected by"
                                    + " its quota (limit " + limit + ").", "predictive#quota-rejections");
                });
            }
        }
        rules.add(alert("PredictiveRollback",
                "(time() - max by (namespace, name, tenant, gate) (missioncontrol_predictive_rollback_timestamp_seconds{namespace=\""
                        + quote(ns) + "\",name=\"" + quote(name) + "\"})) < " + ROLLBACK_ALERT_WINDOW.getSeconds(),
                Duration.ZERO, AlertRule.labels(rollout, AlertRule.CRITICAL),
                "Predictive feature rolled back for tenant {{ $labels.tenant }}",
                who + " turned tenant {{ $labels.tenant }} off after its {{ $labels.gate }} gate stayed breached past the"
                        + " breach limit; the status lists every rollback with the measured value.", "predictive#rollback"));
        return List.of(new RuleGroupBuilder().withName("missioncontrol.predictiverollout." + ns + "." + name)
                .withRules(rules).build());
    }
}
