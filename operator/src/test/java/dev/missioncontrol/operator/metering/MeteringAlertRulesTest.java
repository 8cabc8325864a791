package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.testing.Metering;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated rule file is valid for promtool, fires on a 0.5 % variance and on a late window, and stays quiet otherwise. */
@Tag("cluster") // needs promtool, which `make test` installs with Prometheus
class MeteringAlertRulesTest {

    static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool");

    @Test
    void rulesPassPromtoolAndFireOnlyOnBreaches(@TempDir Path dir) throws Exception {
        var mr = Metering.rotation("finance", "daily", List.of("acme", "globex"), "http://prometheus:9090", "1h", Instant.parse("2026-11-01T00:00:00Z"), "2h");
        Path rules = dir.resolve("metering.rules.yml");
        Files.writeString(rules, MeteringAlertsConfigMapDependent.rules(mr));
        var check = run(PROMTOOL, "check", "rules", rules.toString());
        assertThat(check.out()).as(check.out()).contains("SUCCESS: 2 rules found");
        assertThat(check.code()).isZero();

        Files.writeString(dir.resolve("tests.yml"), """
                rule_files: [metering.rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'missioncontrol_metering_variance_ratio{namespace="finance",name="daily",tenant="acme"}'
                        values: '0.005x10'
                      - series: 'missioncontrol_metering_variance_ratio{namespace="finance",name="daily",tenant="globex"}'
                        values: '0.002x10'
                      - series: 'missioncontrol_metering_late_windows{namespace="finance",name="daily"}'
                        values: '0 0 0 2 2 2 0 0 0 0'
                    alert_rule_test:
                      - eval_time: 2m
                        alertname: MeteringDriftDetected
                        exp_alerts:
                          - exp_labels: {severity: ticket, namespace: finance, name: daily, tenant: acme}
                            exp_annotations:
                              summary: Exported usage and metering disagree for tenant acme
                              description: "MeteringRotation finance/daily: tenant acme's export differs from metering by 0.5%% (threshold 0.30 %%)."
                              runbook_url: https://missioncontrol.dev/runbooks/metering#drift
                      - eval_time: 2m
                        alertname: MeteringExportLate
                        exp_alerts: []
                      - eval_time: 4m
                        alertname: MeteringExportLate
                        exp_alerts:
                          - exp_labels: {severity: ticket, namespace: finance, name: daily}
                            exp_annotations:
                              summary: Usage export windows are late
                              description: "MeteringRotation finance/daily has 2 window(s) past their grace period without an export."
                              runbook_url: https://missioncontrol.dev/runbooks/metering#export-late
                      - eval_time: 8m
                        alertname: MeteringExportLate
                        exp_alerts: []
                """.replace("%%", "%"));
        var test = run(PROMTOOL, "test", "rules", dir.resolve("tests.yml").toString());
        System.out.printf("[metering] promtool test rules:%n%s", test.out());
        assertThat(test.code()).as(test.out()).isZero();
        assertThat(test.out()).contains("SUCCESS");
    }

    static Metering.Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Metering.Run(p.waitFor(), out);
    }
}
