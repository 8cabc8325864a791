package dev.missioncontrol.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.LatencyGateSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shared gate engine: comparisons at their edges, the defaults a partial spec falls back to, and how values read. */
@Tag("unit")
class GateDefinitionTest {

    static final GateDefinition LATENCY = new GateDefinition("latency", Comparison.AT_MOST, LatencyGateSpec.DEFAULT_THRESHOLD,
            "q{tenant=~\"{{tenants}}\"}", ValueFormat.seconds("p95"));

    @Test
    void eachComparisonKnowsItsEdge() {
        assertThat(Comparison.AT_MOST.passes(1.25, 1.25)).isTrue();
        assertThat(Comparison.AT_MOST.passes(1.2501, 1.25)).isFalse();
        assertThat(Comparison.BELOW.passes(0.015, 0.015)).isFalse();
        assertThat(Comparison.BELOW.passes(0.0149, 0.015)).isTrue();
        assertThat(Comparison.AT_LEAST.passes(0.05, 0.05)).isTrue();
        assertThat(Comparison.AT_LEAST.passes(0.0499, 0.05)).isFalse();
        assertThat(Comparison.BELOW.symbol()).isEqualTo("<");
    }

    @Test
    void aMissingSpecThresholdOrBlankQueryFallsBackToTheDefinition() {
        assertThat(LATENCY.threshold(null)).isEqualTo(1.25);
        var spec = new LatencyGateSpec();
        assertThat(LATENCY.threshold(spec)).isEqualTo(1.25);
        spec.setThreshold(0.8);
        assertThat(LATENCY.threshold(spec)).isEqualTo(0.8);
        spec.setQuery("  ");
        assertThat(LATENCY.queryTemplate(spec)).isEqualTo("q{tenant=~\"{{tenants}}\"}");
        spec.setQuery("custom");
        assertThat(LATENCY.queryTemplate(spec)).isEqualTo("custom");
    }

    @Test
    void valuesAndBoundsReadAsAPersonWritesThem() {
        assertThat(LATENCY.bound(1.25)).isEqualTo("<= 1.250 s");
        assertThat(ValueFormat.signedPercent("ctr@5 uplift").value(-0.1)).isEqualTo("ctr@5 uplift -10.00 %");
        assertThat(ValueFormat.percent("complaint rate").threshold(0.015)).isEqualTo("1.50 %");
    }

    @Test
    void templatesFillKnownPlaceholdersAndLeaveUnknownOnesVisible() {
        assertThat(QueryTemplate.render("a{{x}}b{{y}}{{x}}", java.util.Map.of("x", "1"))).isEqualTo("a1b{{y}}1");
        assertThat(QueryTemplate.placeholders("{{tenant}} and {{window}} and {{tenant}}")).containsExactly("tenant", "window");
        assertThat(QueryTemplate.render("$1 {{x}}", java.util.Map.of("x", "$2\\"))).as("replacement text is literal").isEqualTo("$1 $2\\");
    }
}
