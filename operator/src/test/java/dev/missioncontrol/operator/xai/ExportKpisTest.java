package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportSpec;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus.Kpi;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExportKpisTest {

    /** 1,000 events: 30 refused permanently, 20 opted out, 950 delivered; 882 of the 980 explanations carry a hint. */
    static final ExportKpis.Counts THOUSAND = new ExportKpis.Counts(1000L, 950L, 20L, 0L, 980L, 882L, 1000L, 0L);

    static Kpi kpi(List<Kpi> kpis, String name) {
        return kpis.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theThousandEventsAreJudgedAsComputedByHand() {
        var kpis = ExportKpis.judge(THOUSAND, new ExplanationExportSpec.Kpis());
        Kpi coverage = kpi(kpis, ExportKpis.COVERAGE);
        assertThat(coverage.value()).isCloseTo(950.0 / 980.0, within(1e-12)); // 0.9694
        assertThat(coverage.verdict()).isEqualTo(ExportKpis.NOT_MET);
        assertThat(coverage.target()).isEqualTo(0.98);
        Kpi hints = kpi(kpis, ExportKpis.HINT_COVERAGE);
        assertThat(hints.value()).isCloseTo(0.9, within(1e-12));
        assertThat(hints.verdict()).isEqualTo(ExportKpis.MET); // at least 0.9
        Kpi optOut = kpi(kpis, ExportKpis.OPT_OUT);
        assertThat(optOut.value()).isCloseTo(0.02, within(1e-12));
        assertThat(optOut.verdict()).isEqualTo(ExportKpis.MET); // below 0.03
        Kpi unbucketed = kpi(kpis, ExportKpis.UNBUCKETED);
        assertThat(unbucketed.value()).isZero();
        assertThat(unbucketed.verdict()).isEqualTo(ExportKpis.MET);
        assertThat(THOUSAND.imbalance()).contains(0L);
    }

    @Test
    void noDataIsNeverAPass() {
        var kpis = ExportKpis.judge(ExportKpis.Counts.none(), new ExplanationExportSpec.Kpis());
        assertThat(kpis).extracting(Kpi::verdict).containsOnly(ExportKpis.NO_DATA);
        assertThat(ExportKpis.Counts.none().imbalance()).isEmpty();
        // a perfect exporter with 199 events is not judged yet
        var few = ExportKpis.judge(new ExportKpis.Counts(199L, 199L, 0L, 0L, 199L, 199L, 199L, 0L), new ExplanationExportSpec.Kpis());
        assertThat(few).extracting(Kpi::verdict).containsOnly(ExportKpis.NOT_ENOUGH_DATA);
        // everything opted out: no explanation, so no hint coverage, whatever the volume
        var allOut = ExportKpis.judge(new ExportKpis.Counts(300L, 0L, 300L, 0L, 0L, 0L, 300L, 0L), new ExplanationExportSpec.Kpis());
        assertThat(kpi(allOut, ExportKpis.HINT_COVERAGE).verdict()).isEqualTo(ExportKpis.NO_DATA);
        assertThat(kpi(allOut, ExportKpis.COVERAGE).verdict()).isEqualTo(ExportKpis.NO_DATA);
        assertThat(kpi(allOut, ExportKpis.OPT_OUT).verdict()).isEqualTo(ExportKpis.NOT_MET);
    }

    @Test
    void targetsAreBoundaries() {
        var k = new ExplanationExportSpec.Kpis();
        k.setCoverage(0.95);
        k.setOptOutBelow(0.02);
        var kpis = ExportKpis.judge(new ExportKpis.Counts(1000L, 931L, 20L, 12L, 980L, 882L, 997L, 3L), k);
        assertThat(kpi(kpis, ExportKpis.COVERAGE).verdict()).isEqualTo(ExportKpis.MET); // 931/980 = 0.95 exactly
        assertThat(kpi(kpis, ExportKpis.OPT_OUT).verdict()).isEqualTo(ExportKpis.NOT_MET); // 0.02 is not below 0.02
        assertThat(kpi(kpis, ExportKpis.UNBUCKETED).verdict()).isEqualTo(ExportKpis.NOT_MET); // 0.012 >= 0.01
        assertThat(new ExportKpis.Counts(1000L, 931L, 20L, 12L, 980L, 882L, 997L, 3L).imbalance()).contains(0L);
        assertThat(new ExportKpis.Counts(1000L, 931L, 20L, 12L, 980L, 882L, 990L, 3L).imbalance()).contains(7L);
    }
}
