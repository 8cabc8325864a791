package dev.missioncontrol.operator.federation.gates;

import dev.missioncontrol.operator.analysis.GateVerdict;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;

import dev.missioncontrol.core.prometheus.QueryResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GateVerdictTest {

    @Test
    void latencyPassesAtTheThresholdAndFailsAbove() {
        assertThat(eval(FederationGate.LATENCY, 1.25, 1.25).verdict()).isEqualTo(GateVerdictType.Passed);
        var failed = eval(FederationGate.LATENCY, 1.25, 1.975);
        assertThat(failed.verdict()).isEqualTo(GateVerdictType.Failed);
        assertThat(failed.value()).isEqualTo(1.975);
        assertThat(failed.message()).isEqualTo("p95 1.975 s breaches <= 1.250 s");
    }

    @Test
    void complaintsMustStayStrictlyBelow() {
        assertThat(eval(FederationGate.COMPLAINTS, 0.015, 0.0149).verdict()).isEqualTo(GateVerdictType.Passed);
        assertThat(eval(FederationGate.COMPLAINTS, 0.015, 0.015).verdict()).isEqualTo(GateVerdictType.Failed);
        assertThat(eval(FederationGate.COMPLAINTS, 0.015, 0.02).message()).isEqualTo("complaint rate 2.00 % breaches < 1.50 %");
    }

    @Test
    void ctrUpliftMustReachTheThreshold() {
        assertThat(eval(FederationGate.CTR_UPLIFT, 0.05, 0.05).verdict()).isEqualTo(GateVerdictType.Passed);
        assertThat(eval(FederationGate.CTR_UPLIFT, 0.05, 0.049).verdict()).isEqualTo(GateVerdictType.Failed);
        assertThat(eval(FederationGate.CTR_UPLIFT, 0.05, -0.1).message()).isEqualTo("ctr@5 uplift -10.00 % breaches >= 5.00 %");
    }

    @Test
    void noDataAndErrorsAreInconclusiveNeverPassed() {
        var noData = GateVerdict.evaluate(FederationGate.LATENCY.definition(), 1.25, "q", QueryResult.noData("the query returned no series"), "t");
        assertThat(noData.verdict()).isEqualTo(GateVerdictType.Inconclusive);
        assertThat(noData.value()).isNull();
        assertThat(noData.message()).startsWith("no data: the query returned no series");
        var error = GateVerdict.evaluate(FederationGate.LATENCY.definition(), 1.25, "q", QueryResult.error("Prometheus at http://x unreachable"), "t");
        assertThat(error.verdict()).isEqualTo(GateVerdictType.Inconclusive);
        assertThat(error.message()).isEqualTo("query failed: Prometheus at http://x unreachable");
        assertThat(noData.inconclusiveCause()).isEqualTo(InconclusiveCause.NoData);
        assertThat(error.inconclusiveCause()).isEqualTo(InconclusiveCause.QueryError);
        assertThat(GateVerdict.evaluate(FederationGate.LATENCY.definition(), 1.25, "q", QueryResult.value(Double.NaN), "t").verdict())
                .isEqualTo(GateVerdictType.Inconclusive);
    }

    @Test
    void aRefusedAddressIsInconclusiveWithItsOwnCause() {
        var refused = GateVerdict.evaluate(FederationGate.LATENCY.definition(), 1.25, "q",
                QueryResult.error(QueryResult.Failure.AddressNotAllowed, "no request sent: http://x:80 is not in the operator's allowlist"), "t");
        assertThat(refused.verdict()).isEqualTo(GateVerdictType.Inconclusive);
        assertThat(refused.inconclusiveCause()).isEqualTo(InconclusiveCause.AddressNotAllowed);
        var redirected = GateVerdict.evaluate(FederationGate.LATENCY.definition(), 1.25, "q",
                QueryResult.error(QueryResult.Failure.Redirected, "Prometheus at http://x answered with a redirect"), "t");
        assertThat(redirected.inconclusiveCause()).isEqualTo(InconclusiveCause.QueryError);
        assertThat(redirected.message()).contains("redirect");
    }

    @Test
    void queriesAreRenderedWithTheEnabledTenantsAndWindow() {
        var cohort = FederationCohorts.cohort("team-a", "c1", List.of("acme", "globex"));
        String q = GateAnalyzer.render(FederationGate.LATENCY.definition().defaultQuery(), cohort, List.of("acme", "globex"), "10s");
        assertThat(q).isEqualTo("histogram_quantile(0.95, sum by (le) (rate(federated_search_request_duration_seconds_bucket"
                + "{tenant=~\"acme|globex\",mode=\"federated\"}[10s])))");
        assertThat(GateAnalyzer.render("x{ns=\"{{namespace}}\",c=\"{{cohort}}\"}", cohort, List.of(), "5m"))
                .isEqualTo("x{ns=\"team-a\",c=\"c1\"}");
    }

    private static dev.missioncontrol.operator.api.v1alpha1.GateStatus eval(FederationGate kind, double threshold, double value) {
        return GateVerdict.evaluate(kind.definition(), threshold, "q", QueryResult.value(value), "t");
    }
}
