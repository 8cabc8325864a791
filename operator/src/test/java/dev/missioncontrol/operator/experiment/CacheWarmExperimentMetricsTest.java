package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus.ArmStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.metrics.StatusSeries;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gauges the alert rules read come from status: a stopped arm is breached, an Invalid experiment is invalid. */
@Tag("unit")
class CacheWarmExperimentMetricsTest {

    static Map<String, Double> values(List<MetricFamilySamples> families, String family) {
        return families.stream().filter(f -> f.name.equals(family)).flatMap(f -> f.samples.stream())
                .collect(Collectors.toMap(s -> String.join("/", s.labelValues), s -> s.value));
    }

    @Test
    void aStoppedArmIsBreachedAndAnInvalidExperimentIsInvalid() {
        var e = CacheWarmExperiments.topKAgainstControl("search-demo", "w", List.of("acme", "globex"), "http://p:9090", "http://s/search");
        var s = new CacheWarmExperimentStatus();
        s.setDecision(ExperimentDecision.Invalid);
        s.setArms(List.of(
                new ArmStatus("control", true, 1, 40L, 100L, 0.4, null, null, null, "Control", 0.1, null, null, null, null, null),
                new ArmStatus("topk", false, 1, 70L, 100L, 0.7, 0.3, 0.1, 0.5, "Stopped", 0.3, "Breached", 10.0, "Holds", "p95 0.3 s", "2026-01-01T00:00:00Z")));
        e.setStatus(s);
        var scrape = new CacheWarmExperimentMetrics().scrape(new StatusSeries());
        scrape.add(e);
        var families = scrape.families();
        assertThat(values(families, "missioncontrol_experiment_guardrail_breached")).containsExactly(Map.entry("search-demo/w/topk", 1.0));
        assertThat(values(families, "missioncontrol_experiment_invalid")).containsExactly(Map.entry("search-demo/w", 1.0));
        assertThat(values(families, "missioncontrol_experiment_hit_ratio")).containsEntry("search-demo/w/control", 0.4)
                .containsEntry("search-demo/w/topk", 0.7);
        assertThat(values(families, "missioncontrol_experiment_difference_lower")).containsExactly(Map.entry("search-demo/w/topk", 0.1));

        s.setDecision(ExperimentDecision.Running);
        s.setArms(List.of(new ArmStatus("topk", false, 1, 70L, 100L, 0.7, 0.3, 0.1, 0.5, "Better", 0.1, "Holds", 10.0, "Holds", null, null)));
        var quiet = new CacheWarmExperimentMetrics().scrape(new StatusSeries());
        quiet.add(e);
        assertThat(values(quiet.families(), "missioncontrol_experiment_guardrail_breached")).containsExactly(Map.entry("search-demo/w/topk", 0.0));
        assertThat(values(quiet.families(), "missioncontrol_experiment_invalid")).containsExactly(Map.entry("search-demo/w", 0.0));
    }
}
