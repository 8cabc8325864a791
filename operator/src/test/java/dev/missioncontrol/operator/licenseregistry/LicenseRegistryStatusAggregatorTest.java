package dev.missioncontrol.operator.licenseregistry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.LicensePin;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistrySpec;
import dev.missioncontrol.operator.status.Conditions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LicenseRegistryStatusAggregatorTest {

    @Test
    void countsThePinsAndIsReady() {
        var registry = new LicenseRegistry();
        registry.getMetadata().setName("licenses");
        registry.getMetadata().setGeneration(2L);
        registry.setSpec(new LicenseRegistrySpec());
        var clock = Clock.fixed(Instant.parse("2026-12-01T04:00:00Z"), ZoneOffset.UTC);
        var empty = LicenseRegistryStatusAggregator.build(registry, clock);
        assertThat(empty.getPinCount()).isZero();
        assertThat(Conditions.find(empty.getConditions(), "Ready").orElseThrow().getReason()).isEqualTo("NoPins");
        registry.getSpec().setPins(List.of(new LicensePin("MIT", "3.22", "a".repeat(64)), new LicensePin("Apache-2.0", "3.22", "b".repeat(64))));
        var two = LicenseRegistryStatusAggregator.build(registry, clock);
        assertThat(two.getPinCount()).isEqualTo(2);
        assertThat(two.getObservedGeneration()).isEqualTo(2L);
        assertThat(Conditions.find(two.getConditions(), "Ready").orElseThrow().getMessage()).contains("Apache-2.0 3.22, MIT 3.22");
    }
}
