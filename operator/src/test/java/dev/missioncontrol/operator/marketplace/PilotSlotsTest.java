package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSourceStatus;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PilotSlotsTest {

    @Test
    void grantsUpToTheCapCountingGrantsNotYetInTheCache() {
        var slots = new PilotSlots(2);
        var a = source("a", "2026-01-01T00:00:00Z", false);
        var b = source("b", "2026-01-02T00:00:00Z", false);
        var c = source("c", "2026-01-03T00:00:00Z", false);
        List<MarketplaceSource> all = List.of(a, b, c);
        assertThat(slots.decide(a, true, all.stream()).live()).isTrue();
        assertThat(slots.decide(b, true, all.stream()).live()).isTrue();
        var third = slots.decide(c, true, all.stream());
        assertThat(third.live()).isFalse();
        assertThat(third.reason()).isEqualTo("PilotCapReached");
    }

    @Test
    void aHolderKeepsItsSlotAndAnUnvettedSourceIsNeverLive() {
        var slots = new PilotSlots(1);
        var holder = source("a", "2026-01-02T00:00:00Z", true);
        assertThat(slots.decide(holder, true, Stream.of(holder)).live()).isTrue();
        assertThat(slots.decide(holder, false, Stream.of(holder)).reason()).isEqualTo("NotVetted");
    }

    /** The first look after a restart must see the status it would write: taking and holding a slot read the same. */
    @Test
    void takingASlotAndHoldingItSayTheSame() {
        var taken = new PilotSlots(2).decide(source("a", "2026-01-01T00:00:00Z", false), true, Stream.empty());
        var held = new PilotSlots(2).decide(source("a", "2026-01-01T00:00:00Z", true), true, Stream.empty());
        assertThat(taken.live()).isTrue();
        assertThat(held).isEqualTo(taken);
    }

    @Test
    void olderWaitingSourcesGoFirst() {
        var slots = new PilotSlots(1);
        var older = source("old", "2026-01-01T00:00:00Z", false);
        older.getStatus().setBadges(List.of("Vetted"));
        older.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
                .withType("Live").withStatus("False").withReason("PilotCapReached").build()));
        var younger = source("young", "2026-01-05T00:00:00Z", false);
        assertThat(slots.decide(younger, true, Stream.of(older, younger)).live()).isFalse();
        assertThat(slots.decide(older, true, Stream.of(older, younger)).live()).isTrue();
    }

    @Test
    void aDeletedSourcesPendingGrantIsReleased() {
        var slots = new PilotSlots(1);
        var gone = source("gone", "2026-01-01T00:00:00Z", false);
        var next = source("next", "2026-01-02T00:00:00Z", false);
        assertThat(slots.decide(gone, true, Stream.of(gone, next)).live()).isTrue();
        assertThat(slots.decide(next, true, Stream.of(next)).live()).as("gone is no longer in the cache").isTrue();
    }

    static MarketplaceSource source(String name, String created, boolean live) {
        var s = MarketplaceSources.source("ns", name, "cm", MarketplaceSources.TERMS, Instant.parse("2027-01-01T00:00:00Z"));
        s.getMetadata().setCreationTimestamp(created);
        var status = new MarketplaceSourceStatus();
        status.setLiveSince(live ? "2026-01-01T00:00:00Z" : null);
        s.setStatus(status);
        return s;
    }
}
