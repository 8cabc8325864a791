package dev.missioncontrol.operator.slo;

import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus.BurnRate;
import dev.missioncontrol.operator.slo.ErrorBudget.Measurement;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.SearchSLOs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of SearchSLO's planner and aggregator over arbitrary sequences of measurements: measured exactly when
 * spec.prometheus is set, no Events, the ErrorBudget condition follows the measurement, and a status fed the same
 * measurement again is unchanged (no write), whatever the clock says.
 */
@Tag("unit")
class SearchSLOPlannerPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static List<Optional<Measurement>> measurements(Random random) {
        return listOf(random, 1, 10, r -> r.nextDouble() < 0.8 ? Optional.of(measurement(r)) : Optional.<Measurement>empty());
    }

    static Measurement measurement(Random random) {
        Double budget = random.nextDouble() < 0.25 ? null : oneOf(random, -0.5, 0.0, 0.25, 1.0);
        Double sli = oneOf(random, 99.0, 99.95, 100.0);
        List<BurnRate> rates = oneOf(random, List.<BurnRate>of(), List.of(new BurnRate("5m", 0.001, 1.0)));
        Double minutes = random.nextDouble() < 0.2 ? null : oneOf(random, 0.0, 12.0);
        Optional<QueryResult.Failure> failure = oneOf(random, Optional.<QueryResult.Failure>empty(), Optional.<QueryResult.Failure>empty(),
                Optional.of(QueryResult.Failure.Unreachable), Optional.of(QueryResult.Failure.AddressNotAllowed));
        return failure.map(f -> new Measurement(null, null, List.of(), null, "query failed (" + f + ")", f))
                .orElseGet(() -> new Measurement(budget, budget == null ? null : sli, rates, minutes, null));
    }

    @Test
    void measuredOnlyWithPrometheusNoEventsAndTheStatusIsStableAtRest() {
        forAll("measuredOnlyWithPrometheusNoEventsAndTheStatusIsStableAtRest", 200, SearchSLOPlannerPropertiesTest::measurements,
                SearchSLOPlannerPropertiesTest::check);
    }

    static void check(List<Optional<Measurement>> sequence) throws Exception {
        SearchSLO slo = SearchSLOs.availability("ns", "slo");
        slo.getMetadata().setGeneration(1L);
        Instant now = T0;
        for (Optional<Measurement> next : sequence) {
            now = now.plusSeconds(300);
            slo.getSpec().setPrometheus(next.isPresent() ? new SearchSLOSpec.Prometheus("http://prometheus.monitoring.svc:9090") : null);
            var calls = new AtomicInteger();
            var decision = SearchSLOPlanner.plan(slo, s -> {
                calls.incrementAndGet();
                return next.orElseThrow();
            });
            assertThat(calls.get()).as("measured exactly when spec.prometheus is set").isEqualTo(next.isPresent() ? 1 : 0);
            assertThat(decision.events()).isEmpty();
            assertThat(decision.requeue()).as("looks again every interval while measuring").isEqualTo(next.map(m -> slo.getSpec().interval()));
            var status = SearchSLOStatusAggregator.build(slo, decision.next(), AlertRules.NONE, Clock.fixed(now, ZoneOffset.UTC));
            var budget = Conditions.find(status.getConditions(), "ErrorBudget").orElseThrow();
            String expected = next.map(m -> m.failure() == QueryResult.Failure.AddressNotAllowed ? "PrometheusAddressNotAllowed"
                    : m.error() != null ? "QueryError" : m.budgetRemaining() == null ? "NoData"
                    : m.budgetRemaining() > 0 ? "WithinBudget" : "BudgetExhausted").orElse("NotMeasured");
            assertThat(budget.getReason()).isEqualTo(expected);
            assertThat(budget.getMessage()).doesNotContain("Exception", "java.");
            slo.setStatus(status);
            String written = JSON.writeValueAsString(status);

            // At rest: the same measurement later on changes nothing, not even a lastTransitionTime.
            var again = SearchSLOStatusAggregator.build(slo, SearchSLOPlanner.plan(slo, s -> next.orElseThrow()).next(), AlertRules.NONE,
                    Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC));
            assertThat(JSON.writeValueAsString(again)).as("status when the same measurement comes again").isEqualTo(written);
        }
    }
}
