package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.core.experiment.WarmingHeuristics;
import dev.missioncontrol.core.experiment.WarmingHeuristics.LoggedQuery;
import dev.missioncontrol.core.time.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcctl warm}: one run of a CacheWarmExperiment arm's warmer. Picks each tenant's queries by the arm's heuristic,
 * sends them to the search endpoint (GET with tenant, arm, q and warm=true) at most --queries-per-second and never more
 * than --budget in the run, and prints what it sent as JSON.
 */
@Command(name = "warm", mixinStandardHelpOptions = true,
        description = "Send an experiment arm's warming queries to the search endpoint at a bounded rate and report what was sent.")
public class WarmCommand implements Callable<Integer> {

    enum Heuristic {
        TopK, RecencyWeighted, QueryList
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", required = true, description = "The search endpoint, e.g. http://search.search-demo.svc:8080/search.")
    URI endpoint;

    @Option(names = "--arm", required = true, description = "The arm this warmer runs for (sent with every query).")
    String arm;

    @Option(names = "--tenants", required = true, split = ",", description = "The arm's tenants, comma-separated.")
    List<String> tenants;

    @Option(names = "--heuristic", required = true, description = "TopK, RecencyWeighted or QueryList.")
    Heuristic heuristic;

    @Option(names = "--top-k", defaultValue = "50", description = "Queries per tenant (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--recency-half-life", defaultValue = "1h", description = "RecencyWeighted: the half-life (default ${DEFAULT-VALUE}).")
    String recencyHalfLife;

    @Option(names = "--query-log", description = "TopK and RecencyWeighted: the tenants' past queries, one per line: "
            + "RFC 3339 time, tab, tenant, tab, query.")
    Path queryLog;

    @Option(names = "--query-list", description = "QueryList: a file with one query per line (the same list for every tenant).")
    Path queryList;

    @Option(names = "--queries-per-second", defaultValue = "5", description = "The most queries per second (default ${DEFAULT-VALUE}).")
    int queriesPerSecond;

    @Option(names = "--budget", required = true, description = "The most queries this run may send, over all tenants.")
    long budget;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (queriesPerSecond < 1 || budget < 0 || topK < 1) {
            err.println("mcctl warm: --queries-per-second and --top-k must be at least 1, --budget at least 0");
            return 2;
        }
        Map<String, List<String>> plan;
        try {
            plan = plan(Instant.now());
        } catch (IOException | IllegalArgumentException e) {
            err.println("mcctl warm: " + e.getMessage());
            return 2;
        }
        var report = send(plan);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        return report.get("errors").equals(0L) ? 0 : 1;
    }

    Map<String, List<String>> plan(Instant now) throws IOException {
        Map<String, List<String>> plan = new LinkedHashMap<>();
        if (heuristic == Heuristic.QueryList) {
            if (queryList == null) {
                throw new IllegalArgumentException("--query-list is required with --heuristic QueryList");
            }
            List<String> list = WarmingHeuristics.queryList(Files.readAllLines(queryList), topK);
            tenants.forEach(t -> plan.put(t, list));
            return plan;
        }
        if (queryLog == null) {
            throw new IllegalArgumentException("--query-log is required with --heuristic " + heuristic);
        }
        List<LoggedQuery> log = new ArrayList<>();
        for (String line : Files.readAllLines(queryLog)) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                log.add(new LoggedQuery(Instant.parse(f[0]), f[1], f[2]));
            }
        }
        Duration halfLife = Durations.parse(recencyHalfLife);
        for (String t : tenants) {
            plan.put(t, heuristic == Heuristic.TopK ? WarmingHeuristics.topK(log, t, topK)
                    : WarmingHeuristics.recencyWeighted(log, t, topK, halfLife, now));
        }
        return plan;
    }

    private Map<String, Object> send(Map<String, List<String>> plan) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long intervalNanos = 1_000_000_000L / queriesPerSecond;
        long next = System.nanoTime();
        long sent = 0;
        long errors = 0;
        boolean budgetReached = false;
        Map<String, Long> perTenant = new LinkedHashMap<>();
        outer:
        for (var e : plan.entrySet()) {
            perTenant.put(e.getKey(), 0L);
            for (String q : e.getValue()) {
                if (sent >= budget) {
                    budgetReached = true;
                    break outer;
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next = Math.max(next, System.nanoTime()) + intervalNanos;
                String query = "tenant=" + enc(e.getKey()) + "&arm=" + enc(arm) + "&q=" + enc(q) + "&warm=true";
                String sep = endpoint.getRawQuery() == null ? "?" : "&";
                try {
                    var response = http.send(HttpRequest.newBuilder(URI.create(endpoint + sep + query)).timeout(Duration.ofSeconds(10))
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() >= 400) {
                        errors++;
                    }
                } catch (IOException ex) {
                    errors++;
                }
                sent++;
                perTenant.merge(e.getKey(), 1L, Long::sum);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("arm", arm);
        report.put("heuristic", heuristic.name());
        report.put("sent", sent);
        report.put("errors", errors);
        report.put("budget", budget);
        report.put("budgetReached", budgetReached);
        report.put("perTenant", perTenant);
        return report;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
