package dev.missioncontrol.operator.federation;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;
import static dev.missioncontrol.operator.alerts.AlertRule.quote;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.AnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.federation.gates.GateAnalyzer;
import dev.missioncontrol.operator.federation.gates.FederationGate;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cohort's alerts: per tenant, the three gates' queries against the spec's thresholds (the same PromQL the
 * gates measure, custom queries included), and fallback to single-index mode. A gate alert waits as long as
 * the rollout itself would before falling back: interval × failureLimit, and at least a minute.
 */
public final class FederationAlertRules {

    private FederationAlertRules() {
    }

    public static List<RuleGroup> groups(FederationCohort cohort) {
        AnalysisSpec analysis = Optional.ofNullable(cohort.getSpec().getRollout()).map(r -> r.getAnalysis())
                .orElseGet(AnalysisSpec::new);
        Duration pending = pending(analysis);
        String ns = cohort.getMetadata().getNamespace();
        String name = cohort.getMetadata().getName();
        String who = "FederationCohort " + ns + "/" + name;
        List<Rule> rules = new ArrayList<>();
        for (String tenant : cohort.getSpec().getTenants()) {
            for (FederationGate gate : FederationGate.values()) {
                double threshold = gate.threshold(analysis);
                String query = GateAnalyzer.render(gate.queryTemplate(analysis), cohort, List.of(AlertRule.regexLiteral(tenant)),
                        analysis.window());
                Map<String, String> labels = AlertRule.labels(cohort, AlertRule.WARNING);
                labels.put("tenant", tenant);
                labels.put("gate", gate.definition().name());
                rules.add(switch (gate) {
                    case LATENCY -> alert("FederatedSearchLatencyHigh", "(" + query + ") > " + threshold, pending, labels,
                            "Federated search p95 latency above " + gate.definition().format().threshold(threshold) + " for tenant " + tenant,
                            who + ": tenant " + tenant + "'s p95 end-to-end latency is {{ $value | humanizeDuration }}"
                                    + " (threshold " + gate.definition().format().threshold(threshold) + ").", "federation#latency");
                    case COMPLAINTS -> alert("FederatedSearchComplaintRateHigh", "(" + query + ") >= " + threshold, pending, labels,
                            "Federated search complaint rate at or above " + gate.definition().format().threshold(threshold) + " for tenant " + tenant,
                            who + ": tenant " + tenant + "'s complaint rate is {{ $value | humanizePercentage }}"
                                    + " (must stay below " + gate.definition().format().threshold(threshold) + ").", "federation#complaints");
                    case CTR_UPLIFT -> alert("FederatedSearchCtrRegression", "(" + query + ") < " + threshold, pending, labels,
                            "Federated search ctr@5 uplift below " + gate.definition().format().threshold(threshold) + " for tenant " + tenant,
                            who + ": tenant " + tenant + "'s ctr@5 uplift over single-index is {{ $value | humanizePercentage }}"
                                    + " (needs at least " + gate.definition().format().threshold(threshold) + ").", "federation#ctr-regression");
                });
            }
        }
        rules.add(alert("FederationFallbackActive",
                "max by (namespace, name) (missioncontrol_federation_fallback_active{namespace=\"" + quote(ns) + "\",name=\""
                        + quote(name) + "\"}) == 1",
                Duration.ZERO, AlertRule.labels(cohort, AlertRule.CRITICAL),
                "Federated search fell back to single-index mode",
                who + " fell back to single-index mode after failed gates; see its FallbackActive condition for the gate"
                        + " and the measured value.", "federation#fallback"));
        Map<String, String> driftLabels = AlertRule.labels(cohort, AlertRule.WARNING);
        rules.add(alert("FederationLicenseDrift",
                "max by (namespace, name, index) (missioncontrol_federation_license_drift{namespace=\"" + quote(ns) + "\",name=\""
                        + quote(name) + "\"}) == 1",
                Duration.ZERO, driftLabels,
                "A federated source's license text no longer matches its pin",
                who + ": the license text of index {{ $labels.index }} changed since it was pinned; spec.search.licenseDriftPolicy"
                        + " applies until it is re-pinned. See the LicenseDrift condition for both hashes and how to re-pin.",
                "federation#license-drift"));
        return List.of(new RuleGroupBuilder().withName("missioncontrol.federationcohort." + ns + "." + name)
                .withRules(rules).build());
    }

    static Duration pending(AnalysisSpec analysis) {
        Duration interval = analysis.interval();
        int limit = analysis.failureLimit();
        Duration sustained = interval.multipliedBy(limit);
        return sustained.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : sustained;
    }
}
