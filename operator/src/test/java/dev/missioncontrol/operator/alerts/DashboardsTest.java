package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.slo.SloRules;
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

/**
 * The Grafana dashboards (dashboards/*.json), read without Grafana: the recording rules they read are generated.
 * {@link DashboardsPromtoolTest} checks that every query parses; these helpers list the dashboards and their queries.
 */
@Tag("unit")
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
}
