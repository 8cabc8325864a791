package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
