package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.ExplanationExports;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExplanationExportStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    static ExplanationExport export() {
        var x = ExplanationExports.basic("ml", "explanations", "http://sink.ml.svc:8080/v1/explanations");
        x.getMetadata().setGeneration(1L);
        x.getSpec().setPrometheus(new PrometheusSpec("http://prometheus.monitoring.svc:9090"));
        return x;
    }

    static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    static ExporterCounters.Measurement measured(ExportKpis.Counts counts) {
        return new ExporterCounters.Measurement(counts, List.of(QueryResult.value(1)));
    }

    @Test
    void coverageBelowTargetIsFalseWithItsValueAndTheLedgerBalances() {
        var x = export();
        var status = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(
                Optional.of(measured(ExportKpisTest.THOUSAND)), true), BannerPlan.of(x), AlertRules.IN_CONFIG_MAP, CLOCK);
        var coverage = condition(status.getConditions(), ExplanationExportStatusAggregator.COVERAGE_MET);
        assertThat(coverage.getStatus()).isEqualTo("False");
        assertThat(coverage.getReason()).isEqualTo("BelowTarget");
        assertThat(coverage.getMessage()).contains("96.94 %", "1000 eligible events", "target at least 98.00 %");
        assertThat(condition(status.getConditions(), ExplanationExportStatusAggregator.HINTS_MET).getStatus()).isEqualTo("True");
        assertThat(condition(status.getConditions(), ExplanationExportStatusAggregator.OPT_OUT_BELOW_TARGET).getStatus()).isEqualTo("True");
        assertThat(condition(status.getConditions(), ExplanationExportStatusAggregator.LEDGER_BALANCED).getStatus()).isEqualTo("True");
        assertThat(status.getLedgerImbalance()).isZero();
        assertThat(status.getEligible()).isEqualTo(1000L);
        assertThat(condition(status.getConditions(), "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void noSeriesIsUnknownNeverAPass() {
        var x = export();
        var status = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(
                Optional.of(measured(ExportKpis.Counts.none())), true), BannerPlan.of(x), AlertRules.IN_CONFIG_MAP, CLOCK);
        for (String type : List.of(ExplanationExportStatusAggregator.COVERAGE_MET, ExplanationExportStatusAggregator.HINTS_MET,
                ExplanationExportStatusAggregator.OPT_OUT_BELOW_TARGET, ExplanationExportStatusAggregator.LEDGER_BALANCED)) {
            var c = condition(status.getConditions(), type);
            assertThat(c.getStatus()).as(type).isEqualTo("Unknown");
            assertThat(c.getReason()).as(type).isEqualTo("NoData");
            assertThat(c.getMessage()).contains("xai_export=\"ml/explanations\"");
        }
    }

    @Test
    void aQueryErrorIsNoDataEvenWithOtherValues() {
        var x = export();
        var m = new ExporterCounters.Measurement(ExportKpisTest.THOUSAND, List.of(QueryResult.error("bad_data: parse error")));
        var status = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(Optional.of(m), true),
                BannerPlan.of(x), AlertRules.IN_CONFIG_MAP, CLOCK);
        assertThat(condition(status.getConditions(), ExplanationExportStatusAggregator.COVERAGE_MET).getStatus()).isEqualTo("Unknown");
    }

    @Test
    void aLightGreyBannerIsRefusedNamingItsRatioAndTheExportIsStalled() {
        var x = export();
        x.getSpec().getBanners().add(ExplanationExports.banner("acme", "AI-generated, faintly.", "#CCCCCC", "#FFFFFF"));
        var plan = BannerPlan.of(x);
        assertThat(plan.served()).containsOnlyKeys("globex"); // acme's own banner failed: no fallback to the default
        var status = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(Optional.empty(), true), plan,
                AlertRules.IN_CONFIG_MAP, CLOCK);
        var banners = condition(status.getConditions(), ExplanationExportStatusAggregator.BANNERS_ACCESSIBLE);
        assertThat(banners.getStatus()).isEqualTo("False");
        assertThat(banners.getMessage()).contains("Contrast", "banner acme", "1.60:1", "4.5:1");
        assertThat(status.getBanners()).anySatisfy(b -> {
            assertThat(b.name()).isEqualTo("acme");
            assertThat(b.served()).isFalse();
            assertThat(b.contrastRatio()).isEqualTo(1.6);
            assertThat(b.failedChecks()).containsExactly("Contrast");
        });
        var ready = condition(status.getConditions(), "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("BannersRefused");
        assertThat(condition(status.getConditions(), ExplanationExportStatusAggregator.COVERAGE_MET).getReason()).isEqualTo("NotMeasured");
    }

    @Test
    void anUnbalancedLedgerIsFalse() {
        var x = export();
        var status = ExplanationExportStatusAggregator.build(x, new ExplanationExportStatusAggregator.Observed(Optional.of(measured(
                new ExportKpis.Counts(1000L, 950L, 20L, 0L, 980L, 882L, 990L, 3L))), true), BannerPlan.of(x), AlertRules.IN_CONFIG_MAP, CLOCK);
        var ledger = condition(status.getConditions(), ExplanationExportStatusAggregator.LEDGER_BALANCED);
        assertThat(ledger.getStatus()).isEqualTo("False");
        assertThat(ledger.getMessage()).contains("off by 7");
    }
}
