package dev.missioncontrol.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which Events are the same Event, and what a repeat writes: decided without a cluster. */
@Tag("unit")
class EventAggregationTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    final ConfigMap object = object("usage", "uid-1");

    @Test
    void theSameEventOnTheSameObjectHasTheSameNameAndAnythingElseAnother() {
        var late = PlannedEvent.warning("ExportLate", "window A late");
        assertThat(EventAggregation.name(object, late)).isEqualTo(EventAggregation.name(object, PlannedEvent.warning("ExportLate", "window A late")))
                .startsWith("usage.").hasSize("usage.".length() + 16);
        assertThat(EventAggregation.name(object, late)).as("another message, no series: another Event")
                .isNotEqualTo(EventAggregation.name(object, PlannedEvent.warning("ExportLate", "window B late")));
        assertThat(EventAggregation.name(object, late)).as("another type")
                .isNotEqualTo(EventAggregation.name(object, PlannedEvent.normal("ExportLate", "window A late")));
        assertThat(EventAggregation.name(object, late)).as("another reason")
                .isNotEqualTo(EventAggregation.name(object, PlannedEvent.warning("DriftDetected", "window A late")));
        assertThat(EventAggregation.name(object, late)).as("the object deleted and created again: a new uid, new Events")
                .isNotEqualTo(EventAggregation.name(object("usage", "uid-2"), late));
    }

    @Test
    void inASeriesTheMessageDoesNotMakeAnotherEvent() {
        var a = PlannedEvent.warning("ExportLate", "window A late").inSeries("per-window", 1);
        var b = PlannedEvent.warning("ExportLate", "3 windows late, latest D").inSeries("per-window", 3);
        assertThat(EventAggregation.name(object, a)).isEqualTo(EventAggregation.name(object, b));
        assertThat(EventAggregation.name(object, a)).as("another series")
                .isNotEqualTo(EventAggregation.name(object, PlannedEvent.warning("ExportLate", "window A late").inSeries("other", 1)));
        assertThat(EventAggregation.name(object, a)).as("a series is not the same as no series")
                .isNotEqualTo(EventAggregation.name(object, PlannedEvent.warning("ExportLate", "window A late")));
    }

    @Test
    void aLongObjectNameStillGivesAValidName() {
        String name = "a".repeat(240) + "-b";
        String event = EventAggregation.name(object(name, "uid-1"), PlannedEvent.normal("Promoted", "done"));
        assertThat(event).hasSizeLessThanOrEqualTo(EventAggregation.MAX_NAME).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.[0-9a-f]{16}");
    }

    @Test
    void repeatsInOnePassAreOneEventWithTheCountsSummedAndTheLatestMessage() {
        var events = List.of(
                PlannedEvent.warning("DriftDetected", "tenant a drifted").inSeries("per-window", 1),
                PlannedEvent.normal("StepAdvanced", "Step 2/3 started"),
                PlannedEvent.warning("DriftDetected", "tenant b drifted").inSeries("per-window", 2),
                PlannedEvent.normal("StepAdvanced", "Step 2/3 started"),
                PlannedEvent.normal("StepAdvanced", "Step 3/3 started"));
        assertThat(EventAggregation.collapse(events)).extracting(e -> e.reason() + " x" + e.count() + ": " + e.message()).containsExactly(
                "DriftDetected x3: tenant b drifted",
                "StepAdvanced x2: Step 2/3 started",
                "StepAdvanced x1: Step 3/3 started");
    }

    @Test
    void aFirstEventIsCreatedWithThePlannedCount() {
        var late = PlannedEvent.warning("ExportLate", "29 windows late").inSeries("per-window", 29);
        Event e = EventAggregation.next(Optional.empty(), object, late, T0, "mc", "pod-1");
        assertThat(e.getMetadata().getName()).isEqualTo(EventAggregation.name(object, late));
        assertThat(e.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(e.getCount()).isEqualTo(29);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("ExportLate");
        assertThat(e.getFirstTimestamp()).isEqualTo(e.getLastTimestamp()).isEqualTo(T0.toString());
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
        assertThat(e.getReportingInstance()).isEqualTo("pod-1");
    }

    @Test
    void aRepeatRaisesTheCountOfTheEventThereIsKeepsItsFirstTimestampAndTakesTheLatestMessage() {
        var first = PlannedEvent.warning("ExportLate", "29 windows late").inSeries("per-window", 29);
        Event recorded = new EventBuilder(EventAggregation.next(Optional.empty(), object, first, T0, "mc", "pod-1"))
                .editMetadata().withResourceVersion("41").endMetadata().build();
        var again = PlannedEvent.warning("ExportLate", "window X late").inSeries("per-window", 1);
        Event e = EventAggregation.next(Optional.of(recorded), object, again, T0.plusSeconds(3600), "mc", "pod-2");
        assertThat(e.getMetadata().getName()).isEqualTo(recorded.getMetadata().getName());
        assertThat(e.getMetadata().getResourceVersion()).as("written against what was read").isEqualTo("41");
        assertThat(e.getCount()).isEqualTo(30);
        assertThat(e.getFirstTimestamp()).isEqualTo(T0.toString());
        assertThat(e.getLastTimestamp()).isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(e.getMessage()).isEqualTo("window X late");
        assertThat(e.getReportingInstance()).as("the replica that saw it last").isEqualTo("pod-2");
    }

    @Test
    void aLongMessageIsCut() {
        Event e = EventAggregation.next(Optional.empty(), object, PlannedEvent.normal("R", "x".repeat(5000)), T0, "mc", "pod-1");
        assertThat(e.getMessage()).hasSize(EventAggregation.MAX_MESSAGE + 1).endsWith("…");
    }

    private static ConfigMap object(String name, String uid) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(uid).withResourceVersion("7")
                .endMetadata().build();
    }
}
