package dev.missioncontrol.operator.alerts;

import static dev.missioncontrol.operator.alerts.DashboardsTest.JSON;
import static dev.missioncontrol.operator.alerts.DashboardsTest.dashboards;
import static dev.missioncontrol.operator.alerts.DashboardsTest.queries;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.operator.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards (dashboards/*.json), without a screenshot: each is a well-formed dashboard on the
 * Prometheus datasource variable, and every panel query and variable query parses as PromQL (promtool checks
 * them as recording rules, with Grafana's variables replaced by sample values).
 */
@Tag("tools") // needs promtool, which `make prometheus` installs
class DashboardsPromtoolTest {

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
