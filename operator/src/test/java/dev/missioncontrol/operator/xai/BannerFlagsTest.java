package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.testing.ExplanationExports;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The banners' flagd document, evaluated by the flagd provider: a compliant banner is served for its tenant, a refused one is absent. */
@Tag("unit")
class BannerFlagsTest {

    @Test
    void aCompliantBannerIsServedForItsTenantAndALightGreyOneIsNot() throws Exception {
        var x = ExplanationExports.basic("ml", "explanations", "http://sink.ml.svc:8080/v1/explanations");
        x.getSpec().getBanners().clear();
        x.getSpec().getBanners().add(ExplanationExports.banner("acme", "AI-generated explanation: estimates, not advice.", "#1F2328", "#FFF8C5"));
        x.getSpec().getBanners().add(ExplanationExports.banner("globex", "AI-generated, faintly.", "#CCCCCC", "#FFFFFF"));
        String json = BannerPlan.of(x).document().toJson();
        try (var flags = FlagdEvaluator.load(json)) {
            var acme = flags.object(BannerPlan.flagKey("acme"), "acme");
            assertThat(acme).containsEntry("text", "AI-generated explanation: estimates, not advice.")
                    .containsEntry("textColor", "#1F2328").containsEntry("backgroundColor", "#FFF8C5").containsEntry("severity", "info");
            assertThat(flags.object(BannerPlan.flagKey("globex"), "globex")).as("a refused banner is not served").isEmpty();
        }
        assertThat(json).doesNotContain("#CCCCCC");
    }
}
