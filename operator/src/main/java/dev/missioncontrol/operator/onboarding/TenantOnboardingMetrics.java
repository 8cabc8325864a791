package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A tenant onboarding's phase (the shared {@code missioncontrol_resource_phase}, namespace "" as the kind is
 * cluster-scoped), its unwaived blocks now, and its blocks at go-live (the product's KPI), from its status.
 */
@Singleton
public class TenantOnboardingMetrics extends KindMetrics<TenantOnboarding> {

    public TenantOnboardingMetrics() {
        super(TenantOnboarding.class);
    }

    @Override
    public Scrape<TenantOnboarding> scrape(StatusSeries shared) {
        var blocks = new GaugeMetricFamily("missioncontrol_tenant_onboarding_blocks",
                "Denials of the last policy simulation that no appeal token waives (status.blocks)", List.of("tenant"));
        var blocksAtGoLive = new GaugeMetricFamily("missioncontrol_tenant_onboarding_blocks_at_go_live",
                "Unwaived blocks when the tenant went live (status.blocksAtGoLive; 0 by construction); live tenants only", List.of("tenant"));
        return new Scrape<>() {
            @Override
            public void add(TenantOnboarding t) {
                var status = t.getStatus();
                if (status == null || status.getPhase() == null) {
                    return;
                }
                String tenant = t.getMetadata().getName();
                for (OnboardingPhase p : OnboardingPhase.values()) {
                    shared.phase("TenantOnboarding", "", tenant, p.name(), p == status.getPhase());
                }
                if (status.getBlocks() != null) {
                    blocks.addMetric(List.of(tenant), status.getBlocks());
                }
                if (status.getBlocksAtGoLive() != null) {
                    blocksAtGoLive.addMetric(List.of(tenant), status.getBlocksAtGoLive());
                }
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(blocks, blocksAtGoLive);
            }
        };
    }
}
