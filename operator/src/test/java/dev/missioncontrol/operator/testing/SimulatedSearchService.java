package dev.missioncontrol.operator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small search service with a cache, on loopback (port 0), for the cache-warming experiment's tests. Every 100 ms each
 * tenant makes {@value #LOOKUPS_PER_TICK} cache lookups under the arm the router gives it (the test routes through the
 * real flagd provider evaluating the operator's flags ConfigMap); a lookup hits with probability {@value #COLD} on a cold
 * cache and {@value #WARM} once a warmer has sent the tenant's queries ({@code GET /search?tenant=&arm=&q=&warm=true}).
 * It serves, on /metrics, search_cache_hits_total and search_cache_misses_total by tenant and arm, the latency histogram
 * search_request_duration_seconds by tenant, and search_warmer_queries_total by arm.
 */
public final class SimulatedSearchService implements AutoCloseable {

    public static final double COLD = 0.40;
    public static final double WARM = 0.70;
    public static final int LOOKUPS_PER_TICK = 20;
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1.0};

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(18);
    private final List<String> tenants;
    private volatile Function<String, String> router = t -> null;
    private final Set<String> warmed = ConcurrentHashMap.newKeySet();
    private final Map<String, long[]> counts = new TreeMap<>(); // "tenant|arm" -> hits, misses
    private final Map<String, Long> requests = new TreeMap<>(); // tenant -> requests (all in the 0.05 s bucket)
    private final Map<String, Long> warmerQueries = new ConcurrentHashMap<>();

    private SimulatedSearchService(List<String> tenants) throws IOException {
        this.tenants = List.copyOf(tenants);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/search", this::search);
        server.createContext("/metrics", this::metrics);
        server.start();
        ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    public static SimulatedSearchService start(List<String> tenants) throws IOException {
        return new SimulatedSearchService(tenants);
    }

    /** Which arm serves a tenant (null: the tenant makes no lookups yet). */
    public void route(Function<String, String> router) {
        this.router = router;
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String searchEndpoint() {
        return "http://" + target() + "/search";
    }

    public Set<String> warmedTenants() {
        return Set.copyOf(warmed);
    }

    private void tick() {
        try {
            for (String t : tenants) {
                String arm = router.apply(t);
                if (arm == null) {
                    continue;
                }
                double p = warmed.contains(t) ? WARM : COLD;
                int hits = 0;
                for (int i = 0; i < LOOKUPS_PER_TICK; i++) {
                    hits += random.nextDouble() < p ? 1 : 0;
                }
                synchronized (this) {
                    long[] c = counts.computeIfAbsent(t + "|" + arm, k -> new long[2]);
                    c[0] += hits;
                    c[1] += LOOKUPS_PER_TICK - hits;
                    requests.merge(t, (long) LOOKUPS_PER_TICK, Long::sum);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("[search] tick failed: " + e);
        }
    }

    private void search(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        if ("true".equals(q.get("warm")) && q.get("tenant") != null && q.get("arm") != null) {
            warmed.add(q.get("tenant"));
            warmerQueries.merge(q.get("arm"), 1L, Long::sum);
        }
        respond(ex, 200, "{\"results\":[]}");
    }

    private synchronized void metrics(HttpExchange ex) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# TYPE search_cache_hits_total counter\n");
        counts.forEach((k, c) -> b.append("search_cache_hits_total").append(labels(k)).append(' ').append(c[0]).append('\n'));
        b.append("# TYPE search_cache_misses_total counter\n");
        counts.forEach((k, c) -> b.append("search_cache_misses_total").append(labels(k)).append(' ').append(c[1]).append('\n'));
        b.append("# TYPE search_request_duration_seconds histogram\n");
        requests.forEach((t, n) -> {
            for (double le : BUCKETS) {
                b.append("search_request_duration_seconds_bucket{tenant=\"").append(t).append("\",le=\"").append(le).append("\"} ").append(n).append('\n');
            }
            b.append("search_request_duration_seconds_bucket{tenant=\"").append(t).append("\",le=\"+Inf\"} ").append(n).append('\n');
            b.append("search_request_duration_seconds_count{tenant=\"").append(t).append("\"} ").append(n).append('\n');
            b.append("search_request_duration_seconds_sum{tenant=\"").append(t).append("\"} ").append(n * 0.03).append('\n');
        });
        b.append("# TYPE search_warmer_queries_total counter\n");
        new TreeMap<>(warmerQueries).forEach((arm, n) -> b.append("search_warmer_queries_total{arm=\"").append(arm).append("\"} ")
                .append(n).append('\n'));
        respond(ex, 200, b.toString());
    }

    private static String labels(String key) {
        String[] f = key.split("\\|", 2);
        return "{tenant=\"" + f[0] + "\",arm=\"" + f[1] + "\"}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            String[] f = kv.split("=", 2);
            out.put(URLDecoder.decode(f[0], StandardCharsets.UTF_8), f.length < 2 ? "" : URLDecoder.decode(f[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }
}
