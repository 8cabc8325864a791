package dev.missioncontrol.operator.slo;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;
import static dev.missioncontrol.operator.alerts.AlertRule.quote;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SRE workbook's multi-window, multi-burn-rate alerts for one SLO (chapter "Alerting on SLOs", table 5-8):
 * page when the last hour burned 14.4× the budget rate and the last 5 minutes still do (2 % of a 30-day budget
 * in an hour); page at 6× over 6 hours with a 30-minute short window (5 % in 6 hours); ticket at 1× over 3 days
 * with a 6-hour short window (10 % in 3 days). The short window makes an alert stop soon after the burn stops.
 * Recording rules hold the error ratio per window, missioncontrol:slo_error_ratio:rate{5m,30m,1h,6h,3d,<period>}, and
 * the objective as a ratio, missioncontrol:slo_objective:ratio (burn rate = error ratio / (1 - objective)).
 */
public final class SloRules {

    public static final String RATIO = "missioncontrol:slo_error_ratio:rate";
    public static final String OBJECTIVE = "missioncontrol:slo_objective:ratio";
    /** The windows the alerts read, and the period (added per resource). */
    public static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");

    /** One burn-rate tier: both windows above factor × the budget rate for the pending time. */
    public record Tier(String alert, double factor, String longWindow, String shortWindow, Duration pending, String severity,
            String budgetShare) {
    }

    public static final List<Tier> TIERS = List.of(
            new Tier("SearchSLOFastBurn", 14.4, "1h", "5m", Duration.ofMinutes(2), AlertRule.CRITICAL, "2 % of a 30-day budget goes in 1 hour"),
            new Tier("SearchSLOSlowBurn", 6, "6h", "30m", Duration.ofMinutes(15), AlertRule.CRITICAL, "5 % of a 30-day budget goes in 6 hours"),
            new Tier("SearchSLOBudgetBurn", 1, "3d", "6h", Duration.ofHours(1), AlertRule.WARNING, "10 % of a 30-day budget goes in 3 days"));

    private SloRules() {
    }

    /** 1 − objective: the share of events allowed to be bad. */
    public static double budget(SearchSLOSpec spec) {
        // 1 − objective/100 without binary noise (99.9 gives 0.001, not 0.0010000000000000009).
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(spec.getObjective()).movePointLeft(2)).doubleValue();
    }

    public static String period(SearchSLOSpec spec) {
        return spec.period();
    }

    /** The error ratio over a window, straight from the SLI (what the recording rules record). */
    public static String errorRatio(SearchSLOSpec spec, String window) {
        var sli = spec.getSli();
        if (sli.getRatio() != null) {
            return "1 - ((" + sli.getRatio().getGood().replace("{{window}}", window) + ") / ("
                    + sli.getRatio().getTotal().replace("{{window}}", window) + "))";
        }
        var latency = sli.getLatency();
        String extra = Optional.ofNullable(latency.getSelector()).filter(s -> !s.isBlank()).map(s -> "," + s).orElse("");
        String all = Optional.ofNullable(latency.getSelector()).filter(s -> !s.isBlank()).orElse("");
        return "1 - (sum(rate(" + latency.getMetric() + "_bucket{le=\"" + latency.getThreshold() + "\"" + extra + "}[" + window
                + "])) / sum(rate(" + latency.getMetric() + "_count{" + all + "}[" + window + "])))";
    }

    public static List<RuleGroup> groups(SearchSLO slo) {
        var spec = slo.getSpec();
        String ns = slo.getMetadata().getNamespace();
        String name = slo.getMetadata().getName();
        Map<String, String> series = new LinkedHashMap<>();
        series.put("namespace", ns);
        series.put("name", name);
        series.put("service", spec.getService());
        String selector = "{namespace=\"" + quote(ns) + "\",name=\"" + quote(name) + "\"}";

        List<Rule> recording = new ArrayList<>();
        List<String> windows = new ArrayList<>(WINDOWS);
        if (!windows.contains(period(spec))) {
            windows.add(period(spec));
        }
        for (String window : windows) {
            recording.add(AlertRule.record(RATIO + window, errorRatio(spec, window), series));
        }
        double budget = budget(spec);
        // The objective as a series, so dashboards and ad-hoc queries can turn an error ratio into a burn rate.
        recording.add(AlertRule.record(OBJECTIVE, "vector(" + BigDecimal.valueOf(spec.getObjective()).movePointLeft(2).toPlainString() + ")", series));

        List<Rule> alerts = new ArrayList<>();
        String objective = String.format(Locale.ROOT, "%s %%", stripZeros(spec.getObjective()));
        for (Tier tier : TIERS) {
            String limit = String.format(Locale.ROOT, "%.6g", tier.factor() * budget);
            Map<String, String> labels = AlertRule.labels(slo, tier.severity());
            labels.put("service", spec.getService());
            labels.put("long_window", tier.longWindow());
            labels.put("short_window", tier.shortWindow());
            alerts.add(alert(tier.alert(),
                    RATIO + tier.longWindow() + selector + " > " + limit + " and " + RATIO + tier.shortWindow() + selector + " > " + limit,
                    tier.pending(), labels,
                    "Service " + spec.getService() + " burns its error budget " + stripZeros(tier.factor()) + "x too fast",
                    "SearchSLO " + ns + "/" + name + " (objective " + objective + " over " + period(spec) + "): the error ratio"
                            + " over the last " + tier.longWindow() + " is {{ $value | humanizePercentage }}, above "
                            + stripZeros(tier.factor()) + "x the budget rate (in both the " + tier.longWindow() + " and "
                            + tier.shortWindow() + " windows): at that pace " + tier.budgetShare() + ".",
                    "slo#" + tier.alert().toLowerCase(Locale.ROOT)));
        }
        return List.of(
                new RuleGroupBuilder().withName("missioncontrol.searchslo." + ns + "." + name + ".recording").withRules(recording).build(),
                new RuleGroupBuilder().withName("missioncontrol.searchslo." + ns + "." + name + ".alerts").withRules(alerts).build());
    }

    /** Minutes any of this SLO's burn-rate alerts fired during a range (subquery at one-minute resolution). */
    public static String burnAlarmMinutes(SearchSLO slo, String range) {
        return "sum_over_time((max(ALERTS{alertstate=\"firing\",alertname=~\"SearchSLO(Fast|Slow|Budget)Burn\",namespace=\""
                + quote(slo.getMetadata().getNamespace()) + "\",name=\"" + quote(slo.getMetadata().getName()) + "\"}))[" + range + ":1m])";
    }

    static String stripZeros(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
