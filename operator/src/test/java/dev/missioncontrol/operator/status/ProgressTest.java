package dev.missioncontrol.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProgressTest {

    @Test
    void countsFromOne() {
        assertThat(Progress.oneBased(0, 3)).isEqualTo("1/3");
        assertThat(Progress.oneBased(2, 3)).isEqualTo("3/3");
        assertThat(Progress.oneBased(0, 1)).isEqualTo("1/1");
    }

    @Test
    void noPositionOrNoCountShowsNothing() {
        assertThat(Progress.oneBased(null, 3)).isNull();
        assertThat(Progress.oneBased(0, null)).isNull();
        assertThat(Progress.oneBased(0, 0)).isNull();
    }

    @Test
    void anIndexPastFewerStepsShowsTheLast() {
        // the spec's steps or waves shortened under a running rollout: never more than the count
        assertThat(Progress.oneBased(4, 3)).isEqualTo("3/3");
    }
}
