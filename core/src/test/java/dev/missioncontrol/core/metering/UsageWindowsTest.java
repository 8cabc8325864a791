package dev.missioncontrol.core.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class UsageWindowsTest {

    static final UsageWindows HOURLY = new UsageWindows(Duration.ofHours(1));
    static final Instant SINCE = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void windowsAreAlignedClosedAndBoundedByRetention() {
        var closed = HOURLY.closed(Instant.parse("2026-11-24T23:30:00Z"), Instant.parse("2026-11-25T03:10:00Z"), 744);
        assertThat(closed).extracting(UsageWindows::id).containsExactly("20261124T230000Z", "20261125T000000Z",
                "20261125T010000Z", "20261125T020000Z");
        assertThat(HOURLY.closed(SINCE, Instant.parse("2026-11-25T03:10:00Z"), 2)).extracting(UsageWindows::id)
                .containsExactly("20261125T010000Z", "20261125T020000Z");
        assertThat(UsageWindows.parseId("20261125T010000Z")).isEqualTo(Instant.parse("2026-11-25T01:00:00Z"));
        assertThat(HOURLY.render("x{tenant=\"{{tenant}}\"}[{{window}}]", "acme")).isEqualTo("x{tenant=\"acme\"}[3600s]");
    }
}
