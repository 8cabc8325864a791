package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import dev.missioncontrol.operator.api.v1alpha1.LicenseState;
import java.util.List;
import java.util.Optional;

/** A cohort's phase, gates, fallbacks and enabled tenants, from its status. */
@Singleton
public class FederationCohortMetrics extends KindMetrics<FederationCohort> {

    public FederationCohortMetrics() {
        super(FederationCohort.class);
    }

    @Override
    public Scrape<FederationCohort> scrape(StatusSeries shared) {
        var fallback = new GaugeMetricFamily("missioncontrol_federation_fallback_active",
                "1 while a cohort is fallen back to single-index mode", StatusSeries.NAMED);
        var fallbacks = new CounterMetricFamily("missioncontrol_federation_fallbacks",
                "Times a cohort fell back to single-index mode (from status.fallbackCount)", StatusSeries.NAMED);
        var enabled = new GaugeMetricFamily("missioncontrol_federation_enabled_tenants",
                "Tenants of a cohort in federated mode now", StatusSeries.NAMED);
        var drift = new GaugeMetricFamily("missioncontrol_federation_license_drift",
                "1 while an index's license text no longer matches its pin (LicenseDrift), 0 while it matches; indexes with a license only",
                List.of("namespace", "name", "index"));
        return new Scrape<>() {
            @Override
            public void add(FederationCohort fc) {
                var status = fc.getStatus();
                if (status == null) {
                    return;
                }
                String ns = fc.getMetadata().getNamespace();
                String name = fc.getMetadata().getName();
                for (RolloutPhase p : RolloutPhase.values()) {
                    shared.phase("FederationCohort", ns, name, p.name(), p == status.getPhase());
                }
                fallback.addMetric(List.of(ns, name), status.getPhase() == RolloutPhase.FallenBack ? 1 : 0);
                fallbacks.addMetric(List.of(ns, name), Optional.ofNullable(status.getFallbackCount()).orElse(0));
                enabled.addMetric(List.of(ns, name), Optional.ofNullable(status.getEnabledTenants()).map(List::size).orElse(0));
                for (var license : Optional.ofNullable(status.getLicenses()).orElse(List.of())) {
                    drift.addMetric(List.of(ns, name, license.index()), license.state() == LicenseState.Drift ? 1 : 0);
                }
                for (GateStatus gate : Optional.ofNullable(status.getGates()).orElse(List.of())) {
                    shared.gate("FederationCohort", ns, name, gate.name(), "", gate.value(), gate.verdict());
                }
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(fallback, fallbacks, enabled, drift);
            }
        };
    }
}
