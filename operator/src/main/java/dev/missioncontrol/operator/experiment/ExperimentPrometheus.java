package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.experiment.TenantCounts;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One look at Prometheus for an experiment: each tenant's hits and misses since the start (one query per tenant and
 * counter, so each answer is one series), each arm's p95 latency over the guardrail window and each warming arm's warmer
 * queries in the last hour. Every answer is kept for {@code PrometheusReachability}.
 *
 * <p>With the default hit counter, the arm the search service labelled a tenant's lookups with is checked too: lookups of
 * a tenant under another arm than recorded are a drift the planner ends the experiment on.
 */
final class ExperimentPrometheus {

    static final String SERVED_ELSEWHERE = "sum(increase(search_cache_hits_total{tenant=\"%s\",arm=\"%s\"}[%s]))"
            + " + sum(increase(search_cache_misses_total{tenant=\"%s\",arm=\"%s\"}[%s]))";

    private final PrometheusClient client;
    private final List<QueryResult> answers = new ArrayList<>();

    ExperimentPrometheus(PrometheusClient client) {
        this.client = client;
    }

    /** Every answer of this look, for the reachability condition. */
    List<QueryResult> answers() {
        return answers;
    }

    ExperimentMeasurement measure(CacheWarmExperiment e, Map<String, String> recorded, Instant now) {
        var spec = e.getSpec();
        String address = spec.getPrometheus().getAddress();
        Instant started = Instant.parse(e.getStatus().getStartedAt());
        String range = Math.max(1, Duration.between(started, now).toSeconds()) + "s";
        List<TenantCounts> counts = new ArrayList<>();
        Map<String, String> served = new LinkedHashMap<>();
        for (var t : recorded.entrySet()) {
            var hits = query(address, fill(spec.metric().hits(), regex(List.of(t.getKey())), range), now);
            var misses = query(address, fill(spec.metric().misses(), regex(List.of(t.getKey())), range), now);
            String error = error(hits, misses);
            if (error != null) {
                return ExperimentMeasurement.failed(error);
            }
            if (hits.value() != null || misses.value() != null) {
                long h = Math.max(0, Math.round(hits.value() == null ? 0 : hits.value()));
                long m = Math.max(0, Math.round(misses.value() == null ? 0 : misses.value()));
                counts.add(new TenantCounts(t.getKey(), t.getValue(), h, h + m));
            }
            if (CacheWarmExperimentSpec.Metric.DEFAULT_HITS.equals(spec.metric().hits())) {
                for (var arm : spec.getArms()) {
                    if (arm.getName().equals(t.getValue())) {
                        continue;
                    }
                    var other = query(address, SERVED_ELSEWHERE.formatted(t.getKey(), arm.getName(), range, t.getKey(), arm.getName(), range), now);
                    if (failed(other)) {
                        return ExperimentMeasurement.failed(other.error());
                    }
                    if (other.value() != null && other.value() >= 1) {
                        served.put(t.getKey(), arm.getName());
                    }
                }
            }
        }
        Map<String, Double> p95 = new LinkedHashMap<>();
        Map<String, Double> warmer = new LinkedHashMap<>();
        String window = spec.guardrails().window().toSeconds() + "s";
        for (var arm : spec.getArms()) {
            List<String> tenants = recorded.entrySet().stream().filter(x -> x.getValue().equals(arm.getName())).map(Map.Entry::getKey).toList();
            if (!tenants.isEmpty()) {
                var r = query(address, spec.guardrails().latencyP95().replace("{{tenants}}", regex(tenants)).replace("{{window}}", window), now);
                if (failed(r)) {
                    return ExperimentMeasurement.failed(r.error());
                }
                if (r.value() != null) {
                    p95.put(arm.getName(), r.value());
                }
            }
            if (!arm.control()) {
                var r = query(address, spec.guardrails().warmerQueries().replace("{{arm}}", arm.getName()), now);
                if (failed(r)) {
                    return ExperimentMeasurement.failed(r.error());
                }
                if (r.value() != null) {
                    warmer.put(arm.getName(), r.value());
                }
            }
        }
        return new ExperimentMeasurement(counts, served, p95, warmer, null);
    }

    private QueryResult query(String address, String promql, Instant at) {
        var r = client.query(address, promql, at);
        answers.add(r);
        return r;
    }

    private static String error(QueryResult a, QueryResult b) {
        return failed(a) ? a.error() : failed(b) ? b.error() : null;
    }

    /**
     * A query that failed. One whose answer is on its way (Pending) is not: the look goes on, so every query it needs is
     * sent at once, and the reconciliation, which waits for the answers, decides nothing from this look.
     */
    private static boolean failed(QueryResult r) {
        return r.error() != null && r.failure() != QueryResult.Failure.Pending;
    }

    static String fill(String promql, String tenants, String range) {
        return promql.replace("{{tenants}}", tenants).replace("{{range}}", range);
    }

    /** The tenants as an anchored regex alternation, each quoted. */
    static String regex(List<String> tenants) {
        return String.join("|", tenants.stream().map(t -> Pattern.quote(t).replace("\\", "\\\\")).toList());
    }
}
