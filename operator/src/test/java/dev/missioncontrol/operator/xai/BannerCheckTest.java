package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.missioncontrol.operator.xai.BannerCheck.Banner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BannerCheckTest {

    static final String DISCLAIMER = "AI-generated";

    static Banner banner(String text, String fg, String bg) {
        return new Banner("acme", text, fg, bg, "https://help.example/xai", "Why am I seeing this?");
    }

    @Test
    void contrastMatchesWcagReferenceValues() {
        assertThat(ContrastRatio.of("#000000", "#FFFFFF")).isCloseTo(21.0, within(1e-9));
        assertThat(ContrastRatio.of("#FFFFFF", "#FFFFFF")).isCloseTo(1.0, within(1e-9));
        // order does not matter: lighter over darker
        assertThat(ContrastRatio.of("#FFFFFF", "#767676")).isCloseTo(ContrastRatio.of("#767676", "#FFFFFF"), within(1e-12));
        // #767676 on white is the lightest grey that passes AA (4.54:1); #777777 does not (4.47:1)
        assertThat(ContrastRatio.of("#767676", "#FFFFFF")).isCloseTo(4.54, within(0.005));
        assertThat(ContrastRatio.of("#777777", "#FFFFFF")).isCloseTo(4.48, within(0.01)).isLessThan(4.5);
        assertThat(ContrastRatio.luminance("#FF0000")).isCloseTo(0.2126, within(1e-9));
    }

    @Test
    void lightGreyOnWhiteIsRefusedWithItsRatio() {
        var result = BannerCheck.check(banner("AI-generated explanation: estimates only.", "#CCCCCC", "#FFFFFF"), 280, DISCLAIMER);
        assertThat(result.passed()).isFalse();
        assertThat(result.contrastRatio()).isCloseTo(1.61, within(0.01));
        assertThat(result.failures()).extracting(BannerCheck.Failure::check).containsExactly(BannerCheck.CONTRAST);
        assertThat(result.failures().get(0).message()).contains("banner acme", "1.60:1", "#CCCCCC", "#FFFFFF", "4.5:1");
    }

    @Test
    void aCompliantBannerPasses() {
        var result = BannerCheck.check(banner("This is an AI-generated explanation; it may be wrong.", "#1F2328", "#FFF8C5"), 280, DISCLAIMER);
        assertThat(result.passed()).isTrue();
        assertThat(result.contrastRatio()).isGreaterThan(4.5);
    }

    @Test
    void aRatioJustBelowTheThresholdPrintsBelowIt() {
        assertThat(ContrastRatio.format(4.4999)).isEqualTo("4.49:1");
        assertThat(ContrastRatio.format(1.6059)).isEqualTo("1.60:1");
    }

    @Test
    void lengthDisclaimerAndLinkTextAreChecked() {
        var tooLong = BannerCheck.check(banner("AI-generated " + "x".repeat(300), "#000000", "#FFFFFF"), 280, DISCLAIMER);
        assertThat(tooLong.failures()).extracting(BannerCheck.Failure::check).containsExactly(BannerCheck.LENGTH);
        var noDisclaimer = BannerCheck.check(banner("Estimates only.", "#000000", "#FFFFFF"), 280, DISCLAIMER);
        assertThat(noDisclaimer.failures()).extracting(BannerCheck.Failure::check).containsExactly(BannerCheck.DISCLAIMER);
        var caseInsensitive = BannerCheck.check(banner("ai-GENERATED, estimates only.", "#000000", "#FFFFFF"), 280, DISCLAIMER);
        assertThat(caseInsensitive.passed()).isTrue();
        var emptyLink = BannerCheck.check(new Banner("default", "AI-generated.", "#000000", "#FFFFFF", "https://help.example", " "), 280, DISCLAIMER);
        assertThat(emptyLink.failures()).extracting(BannerCheck.Failure::check).containsExactly(BannerCheck.LINK_TEXT);
        var noLink = BannerCheck.check(new Banner("default", "AI-generated.", "#000000", "#FFFFFF", null, null), 280, DISCLAIMER);
        assertThat(noLink.passed()).isTrue();
    }

    @Test
    void aMalformedColourIsAnError() {
        assertThatThrownBy(() -> ContrastRatio.of("grey", "#FFFFFF")).hasMessageContaining("#RRGGBB");
    }
}
