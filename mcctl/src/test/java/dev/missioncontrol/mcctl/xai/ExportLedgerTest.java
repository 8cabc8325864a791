package dev.missioncontrol.mcctl.xai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ExportLedgerTest {

    static ExportLedger.Entry entry(String id, Outcome outcome, String bucket) {
        return new ExportLedger.Entry(id, "acme", outcome, bucket, true, id.hashCode() % 2 == 0, 1);
    }

    @Test
    void everyEventIsCountedOnceAndTheLedgerBalances() {
        ExportLedger ledger = new ExportLedger();
        ledger.record(entry("a", Outcome.IN_FLIGHT, ""));
        ledger.record(entry("b", Outcome.IN_FLIGHT, ""));
        ledger.record(new ExportLedger.Entry("c", "acme", Outcome.OPTED_OUT, "opt_out", false, false, 0));
        ledger.record(new ExportLedger.Entry("line:x:4", "unknown", Outcome.DEAD_LETTERED, "malformed", false, false, 0));
        assertThat(ledger.eligible()).isEqualTo(4);
        assertThat(ledger.inFlight()).isEqualTo(2);
        assertThat(ledger.balanced()).isTrue();
        ledger.record(entry("a", Outcome.DELIVERED, "delivered"));
        ledger.record(entry("b", Outcome.DROPPED_PERMANENT, "bad_request"));
        assertThat(ledger.eligible()).isEqualTo(4);
        assertThat(ledger.inFlight()).isZero();
        assertThat(ledger.count(Outcome.DELIVERED)).isEqualTo(1);
        assertThat(ledger.count(Outcome.DROPPED_PERMANENT)).isEqualTo(1);
        assertThat(ledger.counts()).containsEntry(new ExportLedger.Key("acme", Outcome.IN_FLIGHT, ""), 0L);
        assertThat(ledger.balanced()).isTrue();
        assertThat(ledger.eligibleByTenant()).containsEntry("acme", 3L).containsEntry("unknown", 1L);
    }

    @Test
    void aSettledEventIsNeverRecordedAgain() {
        ExportLedger ledger = new ExportLedger();
        assertThat(ledger.record(entry("a", Outcome.DELIVERED, "delivered"))).isTrue();
        assertThat(ledger.record(entry("a", Outcome.IN_FLIGHT, ""))).isFalse();
        assertThat(ledger.record(entry("a", Outcome.DROPPED_PERMANENT, "bad_request"))).isFalse();
        assertThat(ledger.settled("a")).isTrue();
        assertThat(ledger.count(Outcome.DELIVERED)).isEqualTo(1);
        assertThat(ledger.eligible()).isEqualTo(1);
    }

    @Test
    void aResendAfterARestartStaysOneEvent() {
        ExportLedger ledger = new ExportLedger();
        ledger.record(entry("a", Outcome.IN_FLIGHT, ""));
        assertThat(ledger.record(entry("a", Outcome.IN_FLIGHT, ""))).isTrue();
        assertThat(ledger.eligible()).isEqualTo(1);
        assertThat(ledger.inFlight()).isEqualTo(1);
        assertThat(ledger.settled("a")).isFalse();
    }

    @Test
    void hintsAreCountedAmongExplanationsOnly() {
        ExportLedger ledger = new ExportLedger();
        ledger.record(new ExportLedger.Entry("a", "acme", Outcome.IN_FLIGHT, "", true, true, 0));
        ledger.record(new ExportLedger.Entry("b", "acme", Outcome.IN_FLIGHT, "", true, false, 0));
        ledger.record(new ExportLedger.Entry("c", "acme", Outcome.OPTED_OUT, "opt_out", false, false, 0));
        ledger.record(new ExportLedger.Entry("a", "acme", Outcome.DELIVERED, "delivered", true, true, 1));
        assertThat(ledger.explanationsByTenant()).containsEntry("acme", 2L);
        assertThat(ledger.hintsByTenant()).containsEntry("acme", 1L);
    }

    @Test
    void theLogReplaysAfterARestartIgnoringALineCutShort(@TempDir Path dir) throws Exception {
        ExportLedger first = new ExportLedger();
        try (LedgerLog log = LedgerLog.open(dir, first)) {
            for (ExportLedger.Entry e : new ExportLedger.Entry[] {entry("a", Outcome.IN_FLIGHT, ""), entry("a", Outcome.DELIVERED, "delivered"),
                    entry("b", Outcome.IN_FLIGHT, "")}) {
                first.record(e);
                log.append(e);
            }
        }
        Files.writeString(dir.resolve(LedgerLog.FILE), "{\"id\":\"b\",\"tenant\":\"ac", java.nio.file.StandardOpenOption.APPEND);
        ExportLedger second = new ExportLedger();
        try (LedgerLog log = LedgerLog.open(dir, second)) {
            assertThat(second.settled("a")).isTrue();
            assertThat(second.get("b")).map(ExportLedger.Entry::outcome).contains(Outcome.IN_FLIGHT);
            assertThat(second.eligible()).isEqualTo(2);
            assertThat(second.balanced()).isTrue();
        }
        assertThat(Files.readAllLines(dir.resolve(LedgerLog.FILE))).hasSize(2); // compacted: one line per event
    }
}
