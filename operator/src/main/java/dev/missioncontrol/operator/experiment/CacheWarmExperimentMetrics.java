package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.util.List;

/** Per-arm hit ratio, interval and guardrails, and whether the experiment is Invalid, from a CacheWarmExperiment's status. */
@Singleton
public class CacheWarmExperimentMetrics extends KindMetrics<CacheWarmExperiment> {

    static final List<String> ARM = List.of("namespace", "name", "arm");

    public CacheWarmExperimentMetrics() {
        super(CacheWarmExperiment.class);
    }

    @Override
    public Scrape<CacheWarmExperiment> scrape(StatusSeries shared) {
        var hitRatio = new GaugeMetricFamily("missioncontrol_experiment_hit_ratio",
                "Cache hits over lookups of an arm's tenants since the experiment's start (ratio of sums)", ARM);
        var lower = new GaugeMetricFamily("missioncontrol_experiment_difference_lower",
                "Lower end of the always-valid interval on an arm's hit-ratio difference from control", ARM);
        var upper = new GaugeMetricFamily("missioncontrol_experiment_difference_upper",
                "Upper end of the always-valid interval on an arm's hit-ratio difference from control", ARM);
        var lookups = new GaugeMetricFamily("missioncontrol_experiment_lookups",
                "Cache lookups of an arm's tenants since the experiment's start (the sample)", ARM);
        var breached = new GaugeMetricFamily("missioncontrol_experiment_guardrail_breached",
                "1 while an arm is stopped by a guardrail (latency against control, or its warmer's query budget), else 0", ARM);
        var invalid = new GaugeMetricFamily("missioncontrol_experiment_invalid",
                "1 when the experiment ended Invalid (sample-ratio mismatch or assignment drift), else 0", StatusSeries.NAMED);
        return new Scrape<>() {
            @Override
            public void add(CacheWarmExperiment e) {
                var status = e.getStatus();
                if (status == null || status.getDecision() == null) {
                    return;
                }
                String ns = e.getMetadata().getNamespace();
                String name = e.getMetadata().getName();
                invalid.addMetric(List.of(ns, name), status.getDecision() == ExperimentDecision.Invalid ? 1 : 0);
                for (ExperimentDecision d : ExperimentDecision.values()) { // the decision, for the dashboard
                    shared.phase("CacheWarmExperiment", ns, name, d.name(), d == status.getDecision());
                }
                for (var a : status.getArms()) {
                    List<String> labels = List.of(ns, name, a.name());
                    if (a.hitRatio() != null) {
                        hitRatio.addMetric(labels, a.hitRatio());
                    }
                    if (a.lookups() != null) {
                        lookups.addMetric(labels, a.lookups());
                    }
                    if (a.lower() != null) {
                        lower.addMetric(labels, a.lower());
                    }
                    if (a.upper() != null) {
                        upper.addMetric(labels, a.upper());
                    }
                    if (!Boolean.TRUE.equals(a.control())) {
                        breached.addMetric(labels, "Stopped".equals(a.outcome()) ? 1 : 0);
                    }
                }
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(hitRatio, lower, upper, lookups, breached, invalid);
            }
        };
    }
}
