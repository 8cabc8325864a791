package dev.missioncontrol.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.experiment.WarmingHeuristics.LoggedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WarmingHeuristicsTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static List<LoggedQuery> log() {
        List<LoggedQuery> log = new ArrayList<>();
        // "old favourite": 6 times, 5 hours ago; "trending": 3 times, just now; "rare": once; another tenant's query
        for (int i = 0; i < 6; i++) {
            log.add(new LoggedQuery(NOW.minus(Duration.ofHours(5)), "acme", "old favourite"));
        }
        for (int i = 0; i < 3; i++) {
            log.add(new LoggedQuery(NOW.minusSeconds(60), "acme", "trending"));
        }
        log.add(new LoggedQuery(NOW.minusSeconds(30), "acme", "rare"));
        for (int i = 0; i < 10; i++) {
            log.add(new LoggedQuery(NOW, "globex", "globex only"));
        }
        return log;
    }

    @Test
    void topKCountsOnlyTheTenantsOwnQueries() {
        assertThat(WarmingHeuristics.topK(log(), "acme", 2)).containsExactly("old favourite", "trending");
        assertThat(WarmingHeuristics.topK(log(), "acme", 10)).containsExactly("old favourite", "trending", "rare");
        assertThat(WarmingHeuristics.topK(log(), "initech", 5)).isEmpty();
    }

    @Test
    void recencyWeightingPrefersWhatIsAskedNow() {
        // 6 x 2^-5 = 0.19 against 3 x ~1: trending first, then rare (~1), then the old favourite
        assertThat(WarmingHeuristics.recencyWeighted(log(), "acme", 3, Duration.ofHours(1), NOW))
                .containsExactly("trending", "rare", "old favourite");
        // with a long half-life frequency wins again
        assertThat(WarmingHeuristics.recencyWeighted(log(), "acme", 1, Duration.ofHours(100), NOW)).containsExactly("old favourite");
    }

    @Test
    void aQueryListGivesItsFirstDistinctLines() {
        assertThat(WarmingHeuristics.queryList(List.of("# warm these", "a", "", "b", "a", "c"), 2)).containsExactly("a", "b");
    }
}
