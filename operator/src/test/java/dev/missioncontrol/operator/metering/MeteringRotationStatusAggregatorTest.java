package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.ScheduleCondition;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MeteringRotationStatusAggregatorTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void driftAndLateWindowsNameTheTenantTheWindowAndWhatToDo() {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://p", "1h", Instant.parse("2026-11-25T00:00:00Z"), "45m");
        var next = new MeteringRotationStatus();
        next.setVariances(List.of(new Variance("20261125T000000Z", "b", 1000.0, 995.0, 0.005, VarianceVerdict.Drift),
                new Variance("20261125T000000Z", "a", null, 1000.0, null, VarianceVerdict.Unknown)));
        next.setLateWindows(List.of(new LateWindow("20261125T010000Z", List.of("b"))));
        var status = MeteringRotationStatusAggregator.build(mr, next, AlertRules.IN_CONFIG_MAP, T0);

        assertThat(Conditions.find(status.getConditions(), "DriftDetected")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("tenant b window 20261125T000000Z").contains("0.50 %").doesNotContain("tenant a");
        });
        assertThat(Conditions.find(status.getConditions(), "ExportLate")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("WindowsLate");
            assertThat(c.getMessage()).contains("20261125T010000Z").contains("kubectl create job --from=cronjob/");
        });
        assertThat(Conditions.find(status.getConditions(), "Alerting")).get().extracting(c -> c.getReason())
                .isEqualTo("PrometheusRuleCrdMissing");
    }

    @Test
    void nothingLateAndNoDriftAreFalseWithTheirReasons() {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a"), "http://p", "1h", Instant.parse("2026-11-25T00:00:00Z"), "45m");
        var status = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), "DriftDetected")).get().extracting(c -> c.getReason()).isEqualTo("WithinThreshold");
        assertThat(Conditions.find(status.getConditions(), "ExportLate")).get().extracting(c -> c.getStatus()).isEqualTo("False");
    }

    @Test
    void aScheduleThatNeverFiresIsNamedForEachFieldWithItsValueWhyAndWhatToDo() {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a"), "http://p", "1h", Instant.parse("2026-11-25T00:00:00Z"), "45m");
        var fine = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, T0);
        assertThat(Conditions.find(fine.getConditions(), ScheduleCondition.TYPE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ScheduleFires");
            assertThat(c.getMessage()).isEqualTo("Every schedule fires.");
        });

        mr.getSpec().getExport().setSchedule("0 0 30 2 *");
        var rotation = new MeteringRotationSpec.KeyRotationSpec();
        rotation.setSchedule("0 0 31 4,6 *");
        mr.getSpec().setRotation(rotation);
        var status = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), ScheduleCondition.TYPE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ScheduleNeverFires");
            assertThat(c.getMessage()).contains("spec.export.schedule \"0 0 30 2 *\" never fires: February has no day 30.")
                    .contains("spec.rotation.schedule \"0 0 31 4,6 *\" never fires: April and June have no day 31.")
                    .contains("Pick days that its months have");
        });

        mr.getSpec().getExport().setSchedule("0 0 29 2 *");
        rotation.setSchedule("@monthly");
        var leap = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, T0);
        assertThat(Conditions.find(leap.getConditions(), ScheduleCondition.TYPE)).get().satisfies(c -> {
            assertThat(c.getStatus()).as("February 29 comes every four years").isEqualTo("True");
            assertThat(c.getMessage()).contains("spec.export.schedule \"0 0 29 2 *\": it fires only on February 29");
        });
    }

    static final Instant CREATED = Instant.parse("2026-11-25T10:20:00Z");

    /** A 1h-window rotation created at CREATED keeping 744 windows: its horizon then was 2026-10-25T10:00:00Z. */
    static MeteringRotation createdWithSince(String since) {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a"), "http://p", "1h", Instant.parse(since), "45m");
        mr.getMetadata().setCreationTimestamp(CREATED.toString());
        return mr;
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aSinceBeforeTheRetentionHorizonIsNamedWithTheHorizonAndTheRetentionThatCoversIt() {
        var mr = createdWithSince("2026-10-01T00:00:00Z");
        Instant now = CREATED.plus(Duration.ofDays(2));
        var status = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, at(now));
        assertThat(Conditions.find(status.getConditions(), "SinceWithinRetention")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("SinceBeyondRetention");
            assertThat(c.getMessage()).contains("spec.export.since (2026-10-01T00:00:00Z) is before the retention horizon 2026-10-25T10:00:00Z")
                    .contains("spec.retentionWindows 744 windows of 1h")
                    // from 2026-10-01T00:00 to the current window, 2026-11-27T10:00: 57 days and 10 hours
                    .contains("Raise spec.retentionWindows to at least 1378")
                    .contains("or move spec.export.since to 2026-10-25T10:00:00Z or later");
        });

        mr.getSpec().setRetentionWindows(1378);
        var covered = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, at(now));
        assertThat(Conditions.find(covered.getConditions(), "SinceWithinRetention")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("SinceWithinRetention");
        });
    }

    @Test
    void theVerdictIsTheHorizonAtCreationSoASinceThatWasCoveredIsNotNamedLater() {
        var atHorizon = createdWithSince("2026-10-25T10:00:00Z");
        var oneWindowEarlier = createdWithSince("2026-10-25T09:00:00Z");
        for (Instant now : List.of(CREATED, CREATED.plus(Duration.ofDays(400)))) {
            var s = MeteringRotationStatusAggregator.build(atHorizon, new MeteringRotationStatus(), AlertRules.NONE, at(now));
            assertThat(Conditions.isTrue(s.getConditions(), "SinceWithinRetention")).as("at the horizon, at %s", now).isTrue();
            var t = MeteringRotationStatusAggregator.build(oneWindowEarlier, new MeteringRotationStatus(), AlertRules.NONE, at(now));
            assertThat(Conditions.find(t.getConditions(), "SinceWithinRetention")).as("one window before it, at %s", now).get()
                    .extracting(c -> c.getReason()).isEqualTo("SinceBeyondRetention");
        }
        // Without spec.export.since the first window is the creation's: always covered.
        var unset = createdWithSince("2026-10-01T00:00:00Z");
        unset.getSpec().getExport().setSince(null);
        var u = MeteringRotationStatusAggregator.build(unset, new MeteringRotationStatus(), AlertRules.NONE, at(CREATED.plus(Duration.ofDays(400))));
        assertThat(Conditions.isTrue(u.getConditions(), "SinceWithinRetention")).isTrue();
    }

    @Test
    void aSinceNoRetentionCanReachSaysToMoveIt() {
        var mr = createdWithSince("1990-01-01T00:00:00Z");
        var status = MeteringRotationStatusAggregator.build(mr, new MeteringRotationStatus(), AlertRules.NONE, at(CREATED));
        assertThat(Conditions.find(status.getConditions(), "SinceWithinRetention")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("SinceBeyondRetention");
            assertThat(c.getMessage()).contains("more than the limit of 10000 for spec.retentionWindows")
                    .contains("move spec.export.since to 2026-10-25T10:00:00Z or later").doesNotContain("Raise");
        });
    }

    @Test
    void readyWhenExportsAreOnTimeReconcilingWhileTheNextRunDeliversThemStalledWhenAPersonMustAct() {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://p", "1h", Instant.parse("2026-11-25T00:00:00Z"), "45m");
        mr.getMetadata().setGeneration(3L);
        var onTime = new MeteringRotationStatus();
        onTime.setKeyId("k1");
        // Drift is reported beside Ready: the exports are on time and signed.
        onTime.setVariances(List.of(new Variance("20261125T000000Z", "b", 1000.0, 995.0, 0.005, VarianceVerdict.Drift)));
        mr.setStatus(MeteringRotationStatusAggregator.build(mr, onTime, AlertRules.NONE, T0));
        assertThat(KStatus.of(mr).summary()).isEqualTo("Current Ready=True/ExportsOnTime");
        assertThat(KStatus.readyAtGeneration(mr)).isTrue();
        assertThat(Conditions.find(mr.getStatus().getConditions(), "Ready").get().getMessage()).contains("signed with key k1");

        var late = new MeteringRotationStatus();
        late.setLateWindows(List.of(new LateWindow("20261125T010000Z", List.of("b"))));
        mr.setStatus(MeteringRotationStatusAggregator.build(mr, late, AlertRules.NONE, T0));
        assertThat(KStatus.of(mr).summary()).isEqualTo("InProgress Ready=False/WindowsLate");

        var noData = new MeteringRotationStatus();
        noData.setLateWindows(List.of(new LateWindow("20261125T010000Z", List.of("b"))));
        noData.setNoUsageData(List.of(new LateWindow("20261125T010000Z", List.of("b"))));
        mr.setStatus(MeteringRotationStatusAggregator.build(mr, noData, AlertRules.NONE, T0));
        assertThat(KStatus.of(mr).summary()).as("no data is never signed as zero: a person restores or attests it")
                .isEqualTo("Failed Ready=False/NoUsageData");
        assertThat(Conditions.find(mr.getStatus().getConditions(), "Reconciling")).as("the abnormal-true condition that no longer holds")
                .isEmpty();
    }
}
