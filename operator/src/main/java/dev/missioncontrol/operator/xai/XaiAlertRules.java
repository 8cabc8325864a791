package dev.missioncontrol.operator.xai;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An ExplanationExport's alerts, on the exporter's own counters (cumulative, restored from its ledger on restart): one
 * per KPI, judged only from spec.kpis.minimumEligible eligible events, and one for a ledger that does not balance at
 * two evaluations one window apart (a scrape can never catch it unbalanced in passing: the exporter renders every
 * series under one lock).
 */
public final class XaiAlertRules {

    public static final Duration KPI_FOR = Duration.ofMinutes(10);
    public static final Duration LEDGER_WINDOW = Duration.ofMinutes(5);

    private XaiAlertRules() {
    }

    static String sum(String metric, String selector) {
        return "(sum(" + metric + selector + ") or vector(0))";
    }

    public static String eligible(ExplanationExport x) {
        return "sum(mc_xai_events_eligible_total" + ExporterCounters.selector(x) + ")";
    }

    public static String coverage(ExplanationExport x) {
        return sum("mc_xai_events_total", ExporterCounters.selector(x, "outcome=\"delivered\"")) + " / (" + eligible(x) + " - "
                + sum("mc_xai_events_total", ExporterCounters.selector(x, "outcome=\"opted_out\"")) + ")";
    }

    public static String hintCoverage(ExplanationExport x) {
        return sum("mc_xai_hints_present_total", ExporterCounters.selector(x)) + " / sum(mc_xai_explanations_total" + ExporterCounters.selector(x) + ")";
    }

    public static String optOut(ExplanationExport x) {
        return sum("mc_xai_events_total", ExporterCounters.selector(x, "outcome=\"opted_out\"")) + " / " + eligible(x);
    }

    public static String unbucketed(ExplanationExport x) {
        return sum("mc_xai_events_total", ExporterCounters.selector(x, "bucket=\"unbucketed\"")) + " / " + eligible(x);
    }

    public static String imbalance(ExplanationExport x, String offset) {
        String o = offset == null ? "" : " offset " + offset;
        return "(sum(mc_xai_events_eligible_total" + ExporterCounters.selector(x) + o + ") - (sum(mc_xai_events_total" + ExporterCounters.selector(x)
                + o + ") or vector(0)) - (sum(mc_xai_events_in_flight" + ExporterCounters.selector(x) + o + ") or vector(0)))";
    }

    public static List<RuleGroup> groups(ExplanationExport x) {
        var kpis = x.getSpec().kpis();
        String ns = x.getMetadata().getNamespace();
        String name = x.getMetadata().getName();
        String who = "ExplanationExport " + ns + "/" + name;
        String enough = " and on() " + eligible(x) + " >= " + kpis.minimumEligible();
        var labels = AlertRule.labels(x, AlertRule.WARNING);
        String window = AlertRule.duration(LEDGER_WINDOW);
        return List.of(new RuleGroupBuilder().withName("missioncontrol.explanationexport." + ns + "." + name).withRules(
                alert("ExplanationCoverageBelowTarget", "(" + coverage(x) + ") < " + num(kpis.coverage()) + enough, KPI_FOR, labels,
                        "Explanation events are not exported to target",
                        who + ": {{ $value | humanizePercentage }} of eligible events delivered (target " + pct(kpis.coverage())
                                + "); see the dead-letter directory for why.", "explanationexport#coverage"),
                alert("ExplanationHintsBelowTarget", "(" + hintCoverage(x) + ") < " + num(kpis.hintCoverage()) + enough, KPI_FOR, labels,
                        "Too few explanations carry counterfactual hints",
                        who + ": {{ $value | humanizePercentage }} of explanations carry a counterfactual hint (target " + pct(kpis.hintCoverage())
                                + ").", "explanationexport#hints"),
                alert("ExplanationOptOutsAboveTarget", "(" + optOut(x) + ") >= " + num(kpis.optOutBelow()) + enough, KPI_FOR, labels,
                        "Too many users opt out of explanations",
                        who + ": {{ $value | humanizePercentage }} of eligible events opted out (target below " + pct(kpis.optOutBelow())
                                + ").", "explanationexport#opt-outs"),
                alert("ExplanationUnbucketedFailuresAboveTarget", "(" + unbucketed(x) + ") >= " + num(kpis.unbucketedBelow()) + enough, KPI_FOR,
                        labels, "Export failures the exporter cannot bucket",
                        who + ": {{ $value | humanizePercentage }} of eligible events failed in no known bucket (target below "
                                + pct(kpis.unbucketedBelow()) + "); the sink answers with statuses the exporter does not know.",
                        "explanationexport#buckets"),
                alert("ExplanationLedgerUnbalanced", imbalance(x, null) + " != 0 and on() " + imbalance(x, window) + " != 0", LEDGER_WINDOW,
                        AlertRule.labels(x, AlertRule.CRITICAL), "The explanation export ledger does not balance",
                        who + ": eligible events minus outcomes minus in flight is {{ $value }}, over two windows of " + window
                                + ": events are being lost or counted twice.", "explanationexport#ledger"))
                .build());
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
