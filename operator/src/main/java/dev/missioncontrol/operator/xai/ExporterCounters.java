package dev.missioncontrol.operator.xai;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import java.util.ArrayList;
import java.util.List;

/** Reads one exporter's counters from Prometheus (the series carry xai_export="namespace/name"). */
public final class ExporterCounters {

    /** What one measurement found, and every query's result (for PrometheusReachability). */
    public record Measurement(ExportKpis.Counts counts, List<QueryResult> results) {
        public String firstError() {
            return results.stream().map(QueryResult::error).filter(e -> e != null).findFirst().orElse(null);
        }
    }

    private final PrometheusClient prometheus;

    public ExporterCounters(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    public static String exportLabel(ExplanationExport x) {
        return x.getMetadata().getNamespace() + "/" + x.getMetadata().getName();
    }

    /** The selector of one exporter's series, with extra matchers. */
    public static String selector(ExplanationExport x, String... matchers) {
        StringBuilder s = new StringBuilder("{xai_export=\"").append(AlertRule.quote(exportLabel(x))).append('"');
        for (String m : matchers) {
            s.append(',').append(m);
        }
        return s.append('}').toString();
    }

    /** The PromQL of each count, in the order of {@link ExportKpis.Counts}' fields. */
    public static List<String> queries(ExplanationExport x) {
        return List.of(
                "sum(mc_xai_events_eligible_total" + selector(x) + ")",
                "sum(mc_xai_events_total" + selector(x, "outcome=\"delivered\"") + ")",
                "sum(mc_xai_events_total" + selector(x, "outcome=\"opted_out\"") + ")",
                "sum(mc_xai_events_total" + selector(x, "bucket=\"unbucketed\"") + ")",
                "sum(mc_xai_explanations_total" + selector(x) + ")",
                "sum(mc_xai_hints_present_total" + selector(x) + ")",
                "sum(mc_xai_events_total" + selector(x) + ")",
                "sum(mc_xai_events_in_flight" + selector(x) + ")");
    }

    public Measurement measure(ExplanationExport x) {
        String address = x.getSpec().getPrometheus().getAddress();
        List<QueryResult> results = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (String q : queries(x)) {
            QueryResult r = prometheus.query(address, q);
            results.add(r);
            values.add(r.value() == null ? null : Math.round(r.value()));
        }
        return new Measurement(new ExportKpis.Counts(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4),
                values.get(5), values.get(6), values.get(7)), results);
    }
}
