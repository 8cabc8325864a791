package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingStatus;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The onboarding gauges come from status: blocks now, blocks at go-live only once live, nothing before a first status. */
@Tag("unit")
class TenantOnboardingMetricsTest {

    static Map<String, Double> values(List<MetricFamilySamples> families, String family) {
        return families.stream().filter(f -> f.name.equals(family)).flatMap(f -> f.samples.stream())
                .collect(Collectors.toMap(s -> String.join("/", s.labelValues), s -> s.value));
    }

    static TenantOnboarding tenant(String name, OnboardingPhase phase, Integer blocks, Integer atGoLive) {
        var t = new TenantOnboarding();
        t.setMetadata(new ObjectMetaBuilder().withName(name).build());
        if (phase != null) {
            var s = new TenantOnboardingStatus();
            s.setPhase(phase);
            s.setBlocks(blocks);
            s.setBlocksAtGoLive(atGoLive);
            t.setStatus(s);
        }
        return t;
    }

    @Test
    void blocksAndBlocksAtGoLiveAreReadFromStatus() {
        var scrape = new TenantOnboardingMetrics().scrape(new StatusSeries());
        scrape.add(tenant("blocked", OnboardingPhase.Blocked, 2, null));
        scrape.add(tenant("live", OnboardingPhase.Live, 0, 0));
        scrape.add(tenant("new", null, null, null));
        var families = scrape.families();
        assertThat(values(families, "missioncontrol_tenant_onboarding_blocks")).containsExactlyInAnyOrderEntriesOf(
                Map.of("blocked", 2.0, "live", 0.0));
        assertThat(values(families, "missioncontrol_tenant_onboarding_blocks_at_go_live")).containsExactly(Map.entry("live", 0.0));
    }
}
