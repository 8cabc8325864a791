package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus.Kpi;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The status aggregator of ExplanationExport: each KPI's value and verdict, the ledger, the banners, and the conditions
 * CoverageMet, HintsMet, OptOutBelowTarget, LedgerBalanced and BannersAccessible. No data is never a pass: a KPI without
 * data, or with fewer than spec.kpis.minimumEligible events, is Unknown.
 */
public final class ExplanationExportStatusAggregator {

    public static final String COVERAGE_MET = "CoverageMet";
    public static final String HINTS_MET = "HintsMet";
    public static final String OPT_OUT_BELOW_TARGET = "OptOutBelowTarget";
    public static final String LEDGER_BALANCED = "LedgerBalanced";
    public static final String BANNERS_ACCESSIBLE = "BannersAccessible";
    public static final String FIELD = "spec.prometheus.address";

    /** What the reconciler observed: the measurement (empty without spec.prometheus) and whether the exporter is available. */
    public record Observed(Optional<ExporterCounters.Measurement> measurement, boolean exporterAvailable) {
    }

    private ExplanationExportStatusAggregator() {
    }

    public static PrometheusReachability prometheus(ExplanationExport x, Optional<ExporterCounters.Measurement> m) {
        String address = x.getSpec().getPrometheus() == null ? null : x.getSpec().getPrometheus().getAddress();
        return PrometheusReachability.ofResults(address, FIELD, m.map(ExporterCounters.Measurement::results).orElse(List.of()));
    }

    public static ExplanationExportStatus build(ExplanationExport x, Observed observed, BannerPlan banners, AlertRules alertRules, Clock clock) {
        var conditions = StatusAggregation.conditions(x, x.getStatus(), clock);
        var next = new ExplanationExportStatus();
        var previous = x.getStatus() == null ? List.<io.fabric8.kubernetes.api.model.Condition>of() : x.getStatus().getConditions();
        next.setBanners(banners.states());
        setBanners(conditions, banners);
        if (observed.measurement().isEmpty()) {
            String why = "spec.prometheus is not set: the exporter runs and its alert rules are generated, but status does not measure the KPIs.";
            for (String type : List.of(COVERAGE_MET, HINTS_MET, OPT_OUT_BELOW_TARGET, LEDGER_BALANCED)) {
                conditions.set(type, Conditions.UNKNOWN, "NotMeasured", why);
            }
        } else {
            var m = observed.measurement().get();
            prometheus(x, observed.measurement()).setOn(conditions, previous);
            var counts = m.firstError() == null ? m.counts() : dev.missioncontrol.operator.xai.ExportKpis.Counts.none();
            List<Kpi> kpis = ExportKpis.judge(counts, x.getSpec().kpis());
            next.setKpis(kpis);
            next.setEligible(counts.eligible());
            counts.imbalance().ifPresent(next::setLedgerImbalance);
            String noData = m.firstError() != null ? "Prometheus at " + x.getSpec().getPrometheus().getAddress() + " answered with an error: "
                    + m.firstError() : "No exporter series in Prometheus (xai_export=\"" + ExporterCounters.exportLabel(x)
                    + "\"): check that Prometheus scrapes the Service " + ExporterMetricsServiceDependent.name(x) + ".";
            setKpi(conditions, COVERAGE_MET, kpis.get(0), "of eligible events (opt-outs aside) delivered", true, noData);
            setKpi(conditions, HINTS_MET, kpis.get(1), "of explanations carry a counterfactual hint", true, noData);
            setKpi(conditions, OPT_OUT_BELOW_TARGET, kpis.get(2), "of eligible events opted out", false, noData);
            var imbalance = counts.imbalance();
            if (imbalance.isEmpty()) {
                conditions.set(LEDGER_BALANCED, Conditions.UNKNOWN, "NoData", noData);
            } else if (imbalance.get() == 0) {
                conditions.set(LEDGER_BALANCED, true, "Balanced", "eligible " + counts.eligible() + " = outcomes " + counts.outcomes()
                        + " + in flight " + Optional.ofNullable(counts.inFlight()).orElse(0L) + ".");
            } else {
                conditions.set(LEDGER_BALANCED, false, "Unbalanced", "eligible " + counts.eligible() + " but outcomes " + counts.outcomes()
                        + " + in flight " + Optional.ofNullable(counts.inFlight()).orElse(0L) + " (off by " + imbalance.get()
                        + "): events are lost or counted twice; see the exporter's log and ledger.");
            }
        }
        return StatusAggregation.complete(x, next, conditions, alertRules, readiness(observed, banners, conditions));
    }

    static void setKpi(Conditions conditions, String type, Kpi kpi, String what, boolean atLeast, String noData) {
        String target = (atLeast ? "target at least " : "target below ") + pct(kpi.target());
        switch (kpi.verdict()) {
            case ExportKpis.MET -> conditions.set(type, true, "Met", pct(kpi.value()) + " " + what + " over " + kpi.eligible()
                    + " eligible events (" + target + ").");
            case ExportKpis.NOT_MET -> conditions.set(type, false, atLeast ? "BelowTarget" : "AboveTarget", pct(kpi.value()) + " " + what
                    + " over " + kpi.eligible() + " eligible events (" + target + ").");
            case ExportKpis.NOT_ENOUGH_DATA -> conditions.set(type, Conditions.UNKNOWN, "NotEnoughData", "Only " + kpi.eligible()
                    + " eligible events; the KPI is judged from spec.kpis.minimumEligible.");
            default -> conditions.set(type, Conditions.UNKNOWN, "NoData", noData);
        }
    }

    static void setBanners(Conditions conditions, BannerPlan banners) {
        var failed = banners.failed();
        if (banners.results().isEmpty()) {
            conditions.set(BANNERS_ACCESSIBLE, true, "NoBanners", "spec.banners is empty: no banner is served.");
        } else if (failed.isEmpty()) {
            conditions.set(BANNERS_ACCESSIBLE, true, "ChecksPassed", "Every banner passed contrast, length, disclaimer and link-text checks; "
                    + "served for " + banners.served().keySet() + ".");
        } else {
            conditions.set(BANNERS_ACCESSIBLE, false, "ChecksFailed", failed.stream()
                    .flatMap(r -> r.failures().stream().map(f -> f.check() + ": " + f.message()))
                    .collect(Collectors.joining("; ")) + ". A banner that fails is not served: fix it in spec.banners.");
        }
    }

    /**
     * Ready: the exporter Deployment is available and every banner is served. A refused banner is Stalled (a person must
     * change spec.banners); an exporter not yet available is Reconciling. KPIs below target do not make it unready: the
     * exporter does what the spec asks, and the KPI conditions and alerts say how well.
     */
    static Readiness readiness(Observed observed, BannerPlan banners, Conditions conditions) {
        if (!banners.failed().isEmpty()) {
            var c = conditions.build().stream().filter(k -> BANNERS_ACCESSIBLE.equals(k.getType())).findFirst().orElseThrow();
            return Readiness.stalled("BannersRefused", c.getMessage());
        }
        if (!observed.exporterAvailable()) {
            return Readiness.reconciling("ExporterNotAvailable", "The exporter Deployment has no available replica yet.");
        }
        return Readiness.ready("Exporting", "The exporter runs and every banner is served.");
    }

    static String pct(Double v) {
        return v == null ? "no value" : String.format(Locale.ROOT, "%.2f %%", v * 100);
    }
}
