package dev.missioncontrol.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.slo.ErrorBudget.Measurement;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.SearchSLOs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SearchSLOPlanner and SearchSLOStatusAggregator: when the budget is measured, and what its condition says. */
@Tag("unit")
class SearchSLOStatusAggregatorTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void withoutPrometheusNothingIsMeasuredNorRequeued() {
        var slo = SearchSLOs.availability("ns", "s");
        var decision = SearchSLOPlanner.plan(slo, s -> {
            throw new AssertionError("must not measure without spec.prometheus");
        });
        assertThat(decision.next()).isEmpty();
        assertThat(decision.requeue()).isEmpty();
        var status = SearchSLOStatusAggregator.build(slo, decision.next(), AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), "ErrorBudget")).get().extracting(c -> c.getReason()).isEqualTo("NotMeasured");
    }

    @Test
    void withPrometheusItMeasuresEveryIntervalAndNamesTheOutcome() {
        var slo = SearchSLOs.availability("ns", "s");
        slo.getSpec().setPrometheus(new dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec.Prometheus("http://prometheus:9090"));
        var decision = SearchSLOPlanner.plan(slo, s -> new Measurement(-0.2, 99.7, List.of(), null, null));
        assertThat(decision.requeue()).as("the CRD default interval").contains(Duration.ofMinutes(5));
        var status = SearchSLOStatusAggregator.build(slo, decision.next(), AlertRules.IN_PROMETHEUS_RULE, T0);
        assertThat(status.getErrorBudgetRemaining()).isEqualTo(-0.2);
        assertThat(Conditions.find(status.getConditions(), "ErrorBudget")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("BudgetExhausted");
            assertThat(c.getMessage()).contains("freeze risky changes to federated-search");
        });
        var failed = SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(null, null, List.of(), null, "HTTP 400 bad_data")),
                AlertRules.NONE, T0);
        assertThat(Conditions.find(failed.getConditions(), "ErrorBudget")).get().extracting(c -> c.getReason()).isEqualTo("QueryError");
        var refused = SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(null, null, List.of(), null,
                "no request sent: http://169.254.169.254:80 is denied", QueryResult.Failure.AddressNotAllowed)), AlertRules.NONE, T0);
        assertThat(Conditions.find(refused.getConditions(), "ErrorBudget")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("PrometheusAddressNotAllowed");
            assertThat(c.getMessage()).startsWith("spec.prometheus.address: no request sent: http://169.254.169.254:80");
        });
    }

    @Test
    void readyOnceMeasuredOrWhenNothingIsToBeMeasuredEvenOverBudget() {
        var slo = SearchSLOs.availability("ns", "s");
        slo.getMetadata().setGeneration(1L);
        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.empty(), AlertRules.NONE, T0));
        assertThat(KStatus.of(slo).summary()).as("no spec.prometheus: the rules are the goal").isEqualTo("Current Ready=True/RulesGenerated");

        slo.getSpec().setPrometheus(new dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec.Prometheus("http://prometheus:9090"));
        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(-0.2, 99.7, List.of(), null, null)), AlertRules.NONE, T0));
        assertThat(KStatus.of(slo).summary()).isEqualTo("Current Ready=True/Measured");
        assertThat(KStatus.readyAtGeneration(slo)).isTrue();
        assertThat(Conditions.find(slo.getStatus().getConditions(), "ErrorBudget").get().getStatus()).isEqualTo("False");

        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(null, null, List.of(), null, null)), AlertRules.NONE, T0));
        assertThat(KStatus.of(slo).summary()).isEqualTo("InProgress Ready=False/NoData");
        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(null, null, List.of(), null,
                "no request sent: http://169.254.169.254:80 is denied", QueryResult.Failure.AddressNotAllowed)), AlertRules.NONE, T0));
        assertThat(KStatus.of(slo).summary()).isEqualTo("Failed Ready=False/PrometheusAddressNotAllowed");
    }
}
