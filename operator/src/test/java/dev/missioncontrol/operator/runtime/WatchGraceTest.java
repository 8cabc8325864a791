package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Readiness's view of the informers' watches: a reconnect within the grace stays ready, a longer absence does not. */
@Tag("unit")
class WatchGraceTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(15);

    @Test
    void aWatchReconnectWithinTheGraceStaysReady() {
        var grace = new WatchGrace(GRACE);
        assertThat(grace.observe(Map.of("fc/deployments", true, "fc/services", true), T0).ready()).isTrue();

        var closed = grace.observe(Map.of("fc/deployments", false, "fc/services", true), T0.plusSeconds(1));
        assertThat(closed.ready()).isTrue();
        assertThat(closed.reconnecting()).containsOnlyKeys("fc/deployments");

        var stillClosed = grace.observe(Map.of("fc/deployments", false, "fc/services", true), T0.plusSeconds(15));
        assertThat(stillClosed.ready()).as("14 s out of the watch: within the grace").isTrue();
        assertThat(stillClosed.reconnecting()).containsEntry("fc/deployments", Duration.ofSeconds(14));

        var reconnected = grace.observe(Map.of("fc/deployments", true, "fc/services", true), T0.plusSeconds(16));
        assertThat(reconnected.ready()).isTrue();
        assertThat(reconnected.reconnecting()).isEmpty();
    }

    @Test
    void anInformerOutOfItsWatchForLongerThanTheGraceIsNotReady() {
        var grace = new WatchGrace(GRACE);
        grace.observe(Map.of("fc/deployments", false), T0);
        var verdict = grace.observe(Map.of("fc/deployments", false), T0.plus(GRACE));
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.notWatching()).containsEntry("fc/deployments", GRACE);
        assertThat(grace.observe(Map.of("fc/deployments", true), T0.plusSeconds(20)).ready()).as("ready again once it watches").isTrue();
    }

    @Test
    void eachReconnectStartsItsOwnClock() {
        var grace = new WatchGrace(GRACE);
        grace.observe(Map.of("a", false), T0);
        grace.observe(Map.of("a", true), T0.plusSeconds(10));
        // Closed again 20 s after the first close: a new reconnect, 0 s old, not 20 s.
        var again = grace.observe(Map.of("a", false), T0.plusSeconds(20));
        assertThat(again.ready()).isTrue();
        assertThat(again.reconnecting()).containsEntry("a", Duration.ZERO);
    }

    @Test
    void withoutGraceAnyClosedWatchIsNotReady() {
        // QOSDK's own check behaves like this: the flapping readiness the grace removes.
        var verdict = new WatchGrace(Duration.ZERO).observe(Map.of("a", false, "b", true), T0);
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.notWatching()).containsOnlyKeys("a");
        assertThatThrownBy(() -> new WatchGrace(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
