package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.OnboardingNamespace;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackSpec;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingParameter;
import dev.missioncontrol.operator.status.Conditions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OnboardingPackStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);

    static OnboardingPack pack(List<String> flags) {
        var spec = new OnboardingPackSpec();
        spec.setVersion("1.0.0");
        var ns = new OnboardingNamespace();
        ns.setSuffix("web");
        spec.setNamespaces(List.of(ns));
        var tier = new OnboardingParameter();
        tier.setRequired(true);
        tier.setEnumValues(List.of("bronze", "gold"));
        spec.setParameters(Map.of("tier", tier));
        spec.setFeatureFlags(flags);
        var p = new OnboardingPack();
        p.getMetadata().setName("standard");
        p.getMetadata().setGeneration(1L);
        p.setSpec(spec);
        return p;
    }

    @Test
    void aPackThatRendersIsReadyAndARequiredParameterIsNotAPackProblem() {
        var p = pack(List.of("search-${tier}"));
        var status = OnboardingPackStatusAggregator.build(p, PackConversion.pack(p), 2, CLOCK);
        assertThat(status.getTenants()).isEqualTo(2);
        var ready = Conditions.find(status.getConditions(), "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("Valid");
    }

    @Test
    void aBrokenPackIsStalledNamingTheField() {
        var p = pack(List.of("search-${nope}"));
        var status = OnboardingPackStatusAggregator.build(p, PackConversion.pack(p), 0, CLOCK);
        var ready = Conditions.find(status.getConditions(), "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("UnknownPlaceholder");
        assertThat(ready.getMessage()).contains("pack.featureFlags[0]").contains("spec.featureFlags[0]");
        assertThat(Conditions.isTrue(status.getConditions(), "Stalled")).isTrue();
    }
}
