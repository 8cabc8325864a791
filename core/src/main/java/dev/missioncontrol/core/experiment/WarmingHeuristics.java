package dev.missioncontrol.core.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which queries a warmer sends for a tenant: the arms' heuristics, over a log of the tenant's past queries. No I/O. */
public final class WarmingHeuristics {

    private WarmingHeuristics() {
    }

    /** One query a tenant sent. */
    public record LoggedQuery(Instant at, String tenant, String query) {
    }

    /** The tenant's k most frequent queries (ties: the query seen last first, then alphabetical). */
    public static List<String> topK(List<LoggedQuery> log, String tenant, int k) {
        return rank(log, tenant, k, q -> 1.0);
    }

    /**
     * The tenant's k queries with the highest recency-weighted frequency: each time a query was seen counts
     * 2^(-age / halfLife), so a query seen an hour ago with a 1h half-life weighs half one seen now.
     */
    public static List<String> recencyWeighted(List<LoggedQuery> log, String tenant, int k, Duration halfLife, Instant now) {
        double halfLifeSeconds = Math.max(1, halfLife.toSeconds());
        return rank(log, tenant, k, q -> Math.pow(2, -Math.max(0, Duration.between(q.at(), now).toSeconds()) / halfLifeSeconds));
    }

    /** The first k distinct non-blank lines of a query list. */
    public static List<String> queryList(List<String> lines, int k) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String q = l.strip();
            if (!q.isEmpty() && !q.startsWith("#") && !out.contains(q)) {
                out.add(q);
                if (out.size() == k) {
                    break;
                }
            }
        }
        return out;
    }

    private static List<String> rank(List<LoggedQuery> log, String tenant, int k, java.util.function.ToDoubleFunction<LoggedQuery> weight) {
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (LoggedQuery q : log) {
            if (q.tenant().equals(tenant)) {
                score.merge(q.query(), weight.applyAsDouble(q), Double::sum);
                last.merge(q.query(), q.at(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return score.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                        .thenComparing(e -> last.get(e.getKey()), Comparator.reverseOrder())
                        .thenComparing(Map.Entry::getKey))
                .limit(k).map(Map.Entry::getKey).toList();
    }
}
