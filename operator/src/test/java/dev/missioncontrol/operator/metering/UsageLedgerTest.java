package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Windows, receipts, lateness and drift, without a cluster. */
@Tag("unit")
class UsageLedgerTest {

    static final UsageWindows HOURLY = new UsageWindows(Duration.ofHours(1));
    static final Instant SINCE = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void missingReceiptsPastTheGracePeriodAreLateAndTheNextDeadlineIsScheduled() {
        var receipts = List.of(receipt("20261125T000000Z", "a"), receipt("20261125T000000Z", "b"), receipt("20261125T010000Z", "a"));
        var ledger = UsageLedger.of(receipts, List.of("a", "b"), HOURLY, SINCE, Instant.parse("2026-11-25T03:30:00Z"),
                Duration.ofMinutes(45), 744);
        // 01:00 (b missing) closed at 02:00, late since 02:45; 02:00 closed at 03:00, late at 03:45.
        assertThat(ledger.late()).singleElement().satisfies(l -> {
            assertThat(l.window()).isEqualTo("20261125T010000Z");
            assertThat(l.tenants()).containsExactly("b");
        });
        assertThat(ledger.exportedThrough()).contains(Instant.parse("2026-11-25T01:00:00Z"));
        assertThat(ledger.nextDeadline()).contains(Instant.parse("2026-11-25T03:45:00Z"));
    }

    @Test
    void malformedReceiptsAreIgnoredNotFatal() {
        assertThat(UsageLedger.parse(Map.of("20261125T000000Z.a", "not json",
                "20261125T000000Z.b", "{\"window\":\"20261125T000000Z\",\"tenant\":\"b\",\"total\":12.5,\"digest\":\"d\",\"keyid\":\"k\",\"file\":\"f\"}")))
                .singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(12.5));
    }

    @Test
    void driftIsRelativeToMeteringAndUnknownWithoutData() {
        assertThat(DriftCheck.compare("w", "a", 1000.0, 995.0, 0.003).verdict()).isEqualTo(DriftCheck.DRIFT);
        assertThat(DriftCheck.compare("w", "a", 1000.0, 998.0, 0.003).verdict()).isEqualTo(DriftCheck.WITHIN);
        assertThat(DriftCheck.compare("w", "a", 1000.0, 1003.0, 0.003).verdict()).as("exactly at the threshold").isEqualTo(DriftCheck.WITHIN);
        assertThat(DriftCheck.compare("w", "a", 1000.0, 995.0, 0.003).variance()).isEqualTo(0.005);
        assertThat(DriftCheck.compare("w", "a", null, 995.0, 0.003).verdict()).isEqualTo(DriftCheck.UNKNOWN);
        assertThat(DriftCheck.compare("w", "a", 0.0, 0.0, 0.003).verdict()).isEqualTo(DriftCheck.WITHIN);
    }

    @Test
    void rotationFollowsTheCronSchedule() {
        assertThat(RotationSchedule.next("0 0 1 * *", Instant.parse("2026-11-25T10:00:00Z"))).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RotationSchedule.next("not a cron", Instant.now())).isEmpty();
    }

    static Receipt receipt(String window, String tenant) {
        return new Receipt(window, tenant, 10.0, "d", "k");
    }
}
