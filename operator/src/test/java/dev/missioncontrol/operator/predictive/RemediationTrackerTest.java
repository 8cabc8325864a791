package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec.Milestone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RemediationTrackerTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shareDoneOverdueAndNextDue() {
        var r = RemediationTracker.at(plan(
                new Milestone("a", "A", "o", "2026-11-20T00:00:00Z", true),
                new Milestone("b", "B", "o", "2026-11-24T00:00:00Z", false),
                new Milestone("c", "C", "o", "2026-12-01T00:00:00Z", false)), NOW);
        assertThat(r.percentComplete()).isEqualTo(33);
        assertThat(r.overdue()).extracting(o -> o.id()).containsExactly("b");
        assertThat(r.complete()).isFalse();
        assertThat(r.nextDue()).contains(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void allDoneIsCompleteAndNothingIsOverdue() {
        var r = RemediationTracker.at(plan(
                new Milestone("a", "A", "o", "2026-11-20T00:00:00Z", true),
                new Milestone("b", "B", "o", "2026-11-24T00:00:00Z", true)), NOW);
        assertThat(r.complete()).isTrue();
        assertThat(r.percentComplete()).isEqualTo(100);
        assertThat(r.overdue()).isEmpty();
        assertThat(r.nextDue()).isEmpty();
    }

    @Test
    void aMilestoneIsOverdueFromItsDueInstant() {
        var due = new Milestone("a", "A", "o", NOW.toString(), false);
        assertThat(RemediationTracker.at(plan(due), NOW.minusMillis(1)).overdue()).isEmpty();
        assertThat(RemediationTracker.at(plan(due), NOW).overdue()).hasSize(1);
    }

    static RemediationSpec plan(Milestone... milestones) {
        var p = new RemediationSpec();
        p.setReReviewDate("2027-01-01T00:00:00Z");
        p.setMilestones(new ArrayList<>(List.of(milestones)));
        return p;
    }
}
