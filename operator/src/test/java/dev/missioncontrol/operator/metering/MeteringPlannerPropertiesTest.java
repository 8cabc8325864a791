package dev.missioncontrol.operator.metering;

import static dev.missioncontrol.operator.testing.Generated.between;
import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static dev.missioncontrol.operator.testing.Generated.subset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.metering.MeteringPlanner.KeyAction;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of the metering planner over arbitrary tenants, receipt arrivals, metered answers, rotation tokens and
 * time; the status is written and read back between steps, and a rotation sets the key's time, as the reconciler does.
 */
@Tag("unit")
class MeteringPlannerPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    static final List<String> POOL = List.of("acme", "globex", "initech", "hooli");

    /** One reconciliation: quarter-hours since the last, receipts arriving (hour index, tenant), the metered answer, tokens. */
    record Tick(int quarters, List<Map.Entry<Integer, String>> arrivals, double metered, boolean noData, String rotate, String rehearse) {
    }

    record Scenario(List<String> tenants, List<Tick> ticks) {
    }

    static Scenario scenario(Random random) {
        List<String> tenants = subset(random, POOL, 1, 4);
        List<Tick> ticks = listOf(random, 1, 20, MeteringPlannerPropertiesTest::tick);
        return new Scenario(tenants, ticks);
    }

    static Tick tick(Random random) {
        int quarters = oneOf(random, 0, 1, 2, 4);
        List<Map.Entry<Integer, String>> arrivals = listOf(random, 0, 3,
                r -> Map.entry(between(r, 0, 8), oneOf(r, "acme", "globex", "initech", "hooli", "removed")));
        double metered = oneOf(random, 0.0, 100.0, 1000.0);
        boolean noData = oneOf(random, false, false, true);
        String rotate = oneOf(random, "", "", "", "r1", "r2");
        String rehearse = oneOf(random, "", "", "", "h1");
        return new Tick(quarters, arrivals, metered, noData, rotate, rehearse);
    }

    @Test
    void lateWindowsNameOnlySpecTenantsEachReceiptIsMeteredOnceAndARestingPlanIsStable() {
        forAll("lateWindowsNameOnlySpecTenantsEachReceiptIsMeteredOnceAndARestingPlanIsStable", 200,
                MeteringPlannerPropertiesTest::scenario, MeteringPlannerPropertiesTest::check);
    }

    static void check(Scenario scenario) throws Exception {
        MeteringRotation mr = MeteringRotations.rotation("ns", "usage", scenario.tenants(), "http://prometheus.monitoring.svc:9090", "1h",
                T0, "45m");
        Set<String> spec = Set.copyOf(scenario.tenants());
        Map<String, Receipt> receipts = new HashMap<>();
        Map<String, Integer> meteredCalls = new HashMap<>();
        Instant keyRotatedAt = T0;
        Instant now = T0.plusSeconds(3600);
        for (Tick tick : scenario.ticks()) {
            now = now.plusSeconds(900L * tick.quarters());
            for (var a : tick.arrivals()) {
                Instant start = T0.plusSeconds(3600L * a.getKey());
                if (!start.plusSeconds(3600).isAfter(now)) { // only closed windows are exported
                    receipts.putIfAbsent(UsageWindows.receiptKey(start, a.getValue()),
                            new Receipt(UsageWindows.id(start), a.getValue(), 100.0, "d", "k1"));
                }
            }
            var annotations = new HashMap<String, String>();
            if (!tick.rotate().isEmpty()) {
                annotations.put(MeteringPlanner.ROTATE, tick.rotate());
            }
            if (!tick.rehearse().isEmpty()) {
                annotations.put(MeteringPlanner.REHEARSE, tick.rehearse());
            }
            mr.getMetadata().setAnnotations(annotations);
            List<Receipt> sorted = receipts.values().stream().sorted((x, y) -> (x.window() + x.tenant()).compareTo(y.window() + y.tenant())).toList();

            var decision = MeteringPlanner.plan(mr, sorted, keyRotatedAt, now, metered(tick, meteredCalls));
            var status = decision.next().status();
            for (var late : status.getLateWindows()) {
                assertThat(late.tenants()).as("a late window names only tenants of the spec").allMatch(spec::contains);
                Instant start = UsageWindows.parseId(late.window());
                assertThat(start.plusSeconds(3600 + 45 * 60)).as("late only after its grace period").isBeforeOrEqualTo(now);
                assertThat(late.tenants()).as("late only without a receipt").noneMatch(t -> receipts.containsKey(UsageWindows.receiptKey(start, t)));
            }
            assertThat(meteredCalls.values()).as("each receipt is compared with metering once").allMatch(n -> n == 1);
            if (decision.next().keyAction() == KeyAction.ROTATE) {
                keyRotatedAt = now;
            }
            mr.setStatus(status);
            String written = JSON.writeValueAsString(status);

            // At rest: the same moment, receipts and annotations, fed its own output.
            var again = MeteringPlanner.plan(mr, sorted, keyRotatedAt, now, metered(tick, meteredCalls));
            assertThat(again.events()).as("events when replanned at rest").isEmpty();
            assertThat(again.next().keyAction()).as("a key action when replanned at rest").isEqualTo(KeyAction.NONE);
            assertThat(JSON.writeValueAsString(again.next().status())).as("status when replanned at rest").isEqualTo(written);
        }
    }

    private static BiFunction<String, Instant, QueryResult> metered(Tick tick, Map<String, Integer> calls) {
        return (query, at) -> {
            calls.merge(query + "@" + at, 1, Integer::sum);
            return tick.noData() ? QueryResult.noData("no series") : QueryResult.value(tick.metered());
        };
    }
}
