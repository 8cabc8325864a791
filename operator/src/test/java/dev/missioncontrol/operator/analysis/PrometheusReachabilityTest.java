package dev.missioncontrol.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one way every querying kind reports its Prometheus: a condition, and one Warning Event when it turns False. */
@Tag("unit")
class PrometheusReachabilityTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    static final String FIELD = "spec.prometheus.address";

    @Test
    void anAddressNobodyListensOnIsUnreachableInWordsNotJava() {
        // The real client, on a port nothing listens on: the wording the classifier relies on comes from it.
        var answer = new PrometheusClient(Duration.ofSeconds(2)).query("http://127.0.0.1:9", "vector(1)");
        var reach = PrometheusReachability.ofResults("http://127.0.0.1:9", FIELD, List.of(answer));
        assertThat(reach.verdict()).isEqualTo(PrometheusReachability.Verdict.UNREACHABLE);
        var c = new Conditions(List.of(), 1, T0);
        reach.setOn(c, List.of());
        assertThat(c.build().get(0).getReason()).isEqualTo("PrometheusUnreachable");
        assertThat(c.build().get(0).getMessage()).contains("http://127.0.0.1:9", "connection refused", FIELD)
                .doesNotContain("Exception", "java.");
    }

    @Test
    void aServerThatIsNotPrometheusIsNamedSo() {
        var html = PrometheusClient.parse(200, "<html>Grafana</html>");
        var otherJson = PrometheusClient.parse(404, "{\"message\":\"not found\"}");
        assertThat(PrometheusReachability.ofResults("http://grafana", FIELD, List.of(html)).verdict())
                .isEqualTo(PrometheusReachability.Verdict.NOT_PROMETHEUS);
        assertThat(PrometheusReachability.ofResults("http://x", FIELD, List.of(otherJson)).verdict())
                .isEqualTo(PrometheusReachability.Verdict.NOT_PROMETHEUS);
        assertThat(PrometheusReachability.of("http://x", FIELD, List.of("query failed: " + html.error()), true).verdict())
                .as("as a gate's message carries it").isEqualTo(PrometheusReachability.Verdict.NOT_PROMETHEUS);
    }

    @Test
    void aQueryPrometheusRejectedSaysNothingAgainstTheAddress() {
        var badPromql = PrometheusClient.parse(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
        var answers = List.of(badPromql, QueryResult.noData("no series"), QueryResult.value(1));
        assertThat(PrometheusReachability.ofResults("http://prometheus:9090", FIELD, answers).verdict())
                .isEqualTo(PrometheusReachability.Verdict.REACHABLE);
    }

    @Test
    void oneWarningWhenItTurnsFalseNoneWhileItStaysSoAndNoQueryKeepsTheCondition() {
        var down = PrometheusReachability.of("http://p:9090", FIELD, List.of("Prometheus at http://p:9090 unreachable: connection refused"), true);
        var first = down.event(List.of());
        assertThat(first).get().satisfies(e -> {
            assertThat(e.warning()).isTrue();
            assertThat(e.reason()).isEqualTo("PrometheusUnreachable");
            assertThat(e.message()).contains("http://p:9090", "connection refused");
        });
        var c = new Conditions(List.of(), 1, T0);
        down.setOn(c, List.of());
        var reported = c.build();
        assertThat(down.event(reported)).as("already reported").isEmpty();

        var notQueried = PrometheusReachability.of("http://p:9090", FIELD, List.of(), false);
        var kept = new Conditions(reported, 1, T0);
        notQueried.setOn(kept, reported);
        assertThat(kept.build()).isEqualTo(reported);
        assertThat(notQueried.event(reported)).isEmpty();

        var back = PrometheusReachability.of("http://p:9090", FIELD, List.of(), true);
        var up = new Conditions(reported, 1, T0);
        back.setOn(up, reported);
        assertThat(Conditions.isTrue(up.build(), PrometheusReachability.CONDITION)).isTrue();
        assertThat(back.event(reported)).isEmpty();
    }

    @Test
    void anAddressTheAllowlistRefusesIsNamedAsSuchWithOneWarning() {
        // The real client with the default allowlist: localhost is a name no entry allows, so nothing is sent.
        var client = new PrometheusClient(Duration.ofSeconds(2),
                dev.missioncontrol.core.prometheus.PrometheusAddressPolicy.parse("*.svc,127.0.0.0/8"),
                PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES);
        var answer = client.query("http://localhost:9", "vector(1)");
        var fromResults = PrometheusReachability.ofResults("http://localhost:9", FIELD, List.of(answer));
        var fromGate = PrometheusReachability.of("http://localhost:9", FIELD, List.of("query failed: " + answer.error()), true);
        for (var reach : List.of(fromResults, fromGate)) {
            assertThat(reach.verdict()).isEqualTo(PrometheusReachability.Verdict.ADDRESS_NOT_ALLOWED);
            var c = new Conditions(List.of(), 1, T0);
            reach.setOn(c, List.of());
            var condition = c.build().get(0);
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("PrometheusAddressNotAllowed");
            assertThat(condition.getMessage()).startsWith(FIELD + ": no request sent: http://localhost:9 is not in the operator's allowlist")
                    .contains("*.svc,127.0.0.0/8").doesNotContain("query failed", "Exception");
            assertThat(reach.event(List.of())).get().satisfies(e -> {
                assertThat(e.warning()).isTrue();
                assertThat(e.reason()).isEqualTo("PrometheusAddressNotAllowed");
            });
            assertThat(reach.event(c.build())).as("already reported").isEmpty();
        }
    }
}
