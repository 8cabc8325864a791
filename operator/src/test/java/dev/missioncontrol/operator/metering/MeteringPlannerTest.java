package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.metering.MeteringPlanner.KeyAction;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** MeteringRotation's decisions without a cluster: late windows, drift checked once, key rotation and rehearsal, next wake-up. */
@Tag("unit")
class MeteringPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-25T03:30:00Z");
    final List<String> queried = new ArrayList<>();

    MeteringRotation mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://prometheus:9090", "1h", T0, "45m");

    @Test
    void lateWindowsAndDriftBecomeStatusAndEventsAndTheNextDeadlineIsTheWakeUp() {
        var receipts = List.of(receipt("20261125T000000Z", "a", 1000), receipt("20261125T000000Z", "b", 995),
                receipt("20261125T010000Z", "a", 10));
        var decision = plan(receipts, NOW, metered(Map.of("a", 1000.0, "b", 1000.0)));
        var status = decision.next().status();

        assertThat(status.getLateWindows()).singleElement().satisfies(l -> {
            assertThat(l.window()).isEqualTo("20261125T010000Z");
            assertThat(l.tenants()).containsExactly("b");
        });
        assertThat(queried).as("each receipt compared with metering once").hasSize(3);
        assertThat(status.getDriftCheckedWindows()).hasSize(3);
        assertThat(status.getVariances()).extracting(v -> v.tenant() + "=" + v.verdict())
                .containsExactlyInAnyOrder("a=Drift", "b=Drift");
        assertThat(decision.events()).extracting(PlannedEvent::reason).containsExactly("ExportLate", "DriftDetected", "DriftDetected");
        assertThat(decision.events()).allMatch(PlannedEvent::warning);
        // 02:00 closes at 03:00 and turns late at 03:45: that is the next moment that matters.
        assertThat(decision.requeue()).contains(Duration.ofMinutes(15).plusMillis(500));
        assertThat(decision.next().keyAction()).isEqualTo(KeyAction.NONE);
    }

    @Test
    void aSecondPassRepeatsNeitherTheQueriesNorTheEvents() {
        var receipts = List.of(receipt("20261125T000000Z", "a", 1000), receipt("20261125T000000Z", "b", 1000),
                receipt("20261125T010000Z", "a", 10));
        mr.setStatus(plan(receipts, NOW, metered(Map.of("a", 1000.0, "b", 1000.0))).next().status());
        queried.clear();
        var again = plan(receipts, NOW.plusSeconds(60), metered(Map.of("a", 1000.0, "b", 1000.0)));
        assertThat(queried).isEmpty();
        assertThat(again.events()).isEmpty();
        assertThat(again.next().status().getLateWindows()).hasSize(1);
    }

    @Test
    void meteringWithoutAnAnswerIsUnknownNeverWithin() {
        var decision = plan(List.of(receipt("20261125T000000Z", "a", 1000)), NOW,
                (query, at) -> QueryResult.error("Prometheus at http://prometheus:9090 unreachable"));
        assertThat(decision.next().status().getVariances()).singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo(VarianceVerdict.Unknown));
        assertThat(decision.events()).extracting(PlannedEvent::reason).doesNotContain("DriftDetected");
    }

    @Test
    void aRotateAnnotationRotatesOnceAndSchedulesTheNextRotation() {
        mr.getMetadata().setAnnotations(Map.of(MeteringPlanner.ROTATE, "1"));
        var first = plan(List.of(), NOW, metered(Map.of()));
        assertThat(first.next().keyAction()).isEqualTo(KeyAction.ROTATE);
        assertThat(first.next().status().getHandledRotation()).isEqualTo("1");
        assertThat(first.next().status().getNextRotationAt()).isEqualTo("2026-12-01T00:00:00Z");
        mr.setStatus(first.next().status());
        assertThat(plan(List.of(), NOW.plusSeconds(5), metered(Map.of())).next().keyAction()).as("the same value is handled").isEqualTo(KeyAction.NONE);
    }

    @Test
    void aDueRotationIsRehearsedWhenTheSpecSaysRehearse() {
        var rotation = new MeteringRotationSpec.KeyRotationSpec();
        rotation.setRehearse(true);
        mr.getSpec().setRotation(rotation);
        var status = new MeteringRotationStatus();
        status.setNextRotationAt(NOW.minusSeconds(1).toString());
        mr.setStatus(status);
        var decision = plan(List.of(), NOW, metered(Map.of()));
        assertThat(decision.next().keyAction()).isEqualTo(KeyAction.REHEARSE);
        assertThat(decision.next().status().getNextRotationAt()).as("the schedule moves on").isEqualTo("2026-12-01T00:00:00Z");
    }

    private Decision<MeteringPlanner.Plan> plan(List<Receipt> receipts, Instant now, BiFunction<String, Instant, QueryResult> metered) {
        return MeteringPlanner.plan(mr, receipts, T0, now, metered);
    }

    private BiFunction<String, Instant, QueryResult> metered(Map<String, Double> byTenant) {
        return (query, at) -> {
            queried.add(query + "@" + at);
            return byTenant.entrySet().stream().filter(e -> query.contains("\"" + e.getKey() + "\"")).findFirst()
                    .map(e -> QueryResult.value(e.getValue())).orElse(QueryResult.noData("no series"));
        };
    }

    static Receipt receipt(String window, String tenant, double total) {
        return new Receipt(window, tenant, total, "d", "k1");
    }
}
