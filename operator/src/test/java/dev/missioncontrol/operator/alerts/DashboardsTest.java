package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.slo.SloRules;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.SearchSLOs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards (dashboards/*.json), without a screenshot: each is a well-formed dashboard on the
 * Prometheus datasource variable, and every panel query and variable query parses as PromQL (promtool checks
 * them as recording rules, with Grafana's variables replaced by sample values).
 */
@Tag("cluster") // needs promtool, which `make test` installs with Prometheus
class DashboardsTest {

    static final Path DASHBOARDS = Path.of("..", "dashboards");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*[a-zA-Z_]+\\)$");

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every PromQL expression of a dashboard: panel targets and the selectors inside label_values() variables. */
    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText());
                assertThat(m.matches()).as("variable %s uses label_values(selector, label)", v.path("name").asText()).isTrue();
                queries.add(m.group(1));
            }
        });
        return queries;
    }

    /** The metric names a dashboard reads (names with a colon are recording rules). */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\b(missioncontrol[a-z_:0-9]*|federated_search_[a-z_0-9]+|predictive_[a-z_0-9]+|metering_[a-z_0-9]+)")
                .matcher(String.join("\n", queries(dashboard)));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The operator's own metrics (not recording rules) that some dashboard reads. */
    static Set<String> operatorMetricNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Path file : dashboards()) {
            metricNames(JSON.readTree(file.toFile())).stream().filter(n -> n.startsWith("missioncontrol_")).forEach(names::add);
        }
        return names;
    }

    @Test
    void recordingRulesTheDashboardsReadAreGenerated() throws IOException {
        Set<String> generated = new LinkedHashSet<>();
        SloRules.groups(SearchSLOs.availability("search", "availability")).forEach(g -> g.getRules().forEach(r -> {
            if (r.getRecord() != null) {
                generated.add(r.getRecord());
            }
        }));
        for (Path file : dashboards()) {
            metricNames(JSON.readTree(file.toFile())).stream().filter(n -> n.contains(":"))
                    .forEach(n -> assertThat(generated).as(file + " reads " + n).contains(n));
        }
    }

    @Test
    void everyPanelQueryParses(@TempDir Path dir) throws Exception {
        List<Path> files = dashboards();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("federated-search-rollout.json",
                "predictive-rollout.json", "metering.json", "slo-burn.json");
        StringBuilder rules = new StringBuilder("groups:\n");
        int count = 0;
        for (Path file : files) {
            JsonNode d = JSON.readTree(file.toFile());
            assertThat(d.path("uid").asText()).as(file + " uid").startsWith("mc-");
            assertThat(d.path("title").asText()).as(file + " title").startsWith("Mission Control / ");
            assertThat(d.path("templating").path("list").get(0).path("type").asText()).as(file + ": first variable is the datasource")
                    .isEqualTo("datasource");
            assertThat(d.path("panels").size()).as(file + " panels").isPositive();
            Set<Integer> ids = new LinkedHashSet<>();
            d.path("panels").forEach(p -> {
                assertThat(ids.add(p.path("id").asInt())).as(file + ": panel ids are unique").isTrue();
                assertThat(p.path("targets").size()).as(file + ": panel '" + p.path("title").asText() + "' has a query").isPositive();
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            });
            rules.append("  - name: ").append(file.getFileName()).append("\n    rules:\n");
            for (String q : queries(d)) {
                String promql = q.replace("$__rate_interval", "5m").replace("$__range", "6h").replace("$__interval", "1m")
                        .replaceAll("\\$\\{?([a-z]+)\\}?", "sample");
                rules.append("      - record: dashboard:query_").append(count++).append(":check\n        expr: ")
                        .append(JSON.writeValueAsString(promql)).append("\n");
            }
        }
        Path file = dir.resolve("dashboards.rules.yml");
        Files.writeString(file, rules.toString());
        var check = ProcessRunner.promtool("check", "rules", file.toString());
        assertThat(check.code()).as(rules + "\n" + check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + count + " rules found");
    }
}
