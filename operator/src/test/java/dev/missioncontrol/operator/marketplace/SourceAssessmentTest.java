package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.licensetext.LicenseText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.testing.MarketplaceSources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SourceAssessmentTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final LicenseText TEXT = new LicenseText(
            Optional.of(MarketplaceSources.TERMS.getBytes(StandardCharsets.UTF_8)), "missing");

    @Test
    void approvedDpiaAndMatchingTextAreVettedAndTheExpiryIsScheduled() {
        var expires = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var a = SourceAssessment.assess(MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, expires), TEXT, Instant.now());
        assertThat(a.vetted()).isTrue();
        assertThat(a.dpia().reason()).isEqualTo("Approved");
        assertThat(a.license().reason()).isEqualTo("HashMatches");
        assertThat(a.nextChange()).contains(expires);
    }

    @Test
    void expiredDpiaIsNotApproved() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, NOW.minusSeconds(1));
        source.getSpec().getDpia().setApprovedAt(NOW.minus(Duration.ofDays(400)).toString());
        var a = SourceAssessment.assess(source, TEXT, NOW);
        assertThat(a.dpia().ok()).isFalse();
        assertThat(a.dpia().reason()).isEqualTo("Expired");
        assertThat(a.vetted()).isFalse();
        assertThat(a.nextChange()).isEmpty();
    }

    @Test
    void unapprovedDpiaSaysWhatToSet() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, NOW.plusSeconds(60));
        source.getSpec().getDpia().setApprovedBy(null);
        source.getSpec().getDpia().setApprovedAt(null);
        var a = SourceAssessment.assess(source, TEXT, NOW);
        assertThat(a.dpia().reason()).isEqualTo("NotApproved");
        assertThat(a.dpia().message()).contains("spec.dpia.approvedBy");
    }

    @Test
    void changedOrMissingLicenseTextIsNotVerified() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, NOW.plusSeconds(60));
        var changed = new LicenseText(Optional.of("other".getBytes(StandardCharsets.UTF_8)), "missing");
        var a = SourceAssessment.assess(source, changed, NOW);
        assertThat(a.license().reason()).isEqualTo("LicenseHashMismatch");
        assertThat(a.observedSha256()).isEqualTo(SourceAssessment.sha256("other"));
        var missing = SourceAssessment.assess(source, new LicenseText(Optional.empty(), "ConfigMap cm not found"), NOW);
        assertThat(missing.license().reason()).isEqualTo("LicenseTextMissing");
        assertThat(missing.license().message()).isEqualTo("ConfigMap cm not found");
    }

    @Test
    void aTextObjectWithoutTheKeyListsTheKeysItHas() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, NOW.plusSeconds(60));
        var a = SourceAssessment.assess(source, LicenseText.keyMissing("ConfigMap", "cm", "LICENSE",
                java.util.Set.of("README", "license.txt")), NOW);
        assertThat(a.license().ok()).isFalse();
        assertThat(a.license().reason()).isEqualTo("LicenseTextKeyMissing");
        assertThat(a.license().message()).contains("ConfigMap cm has no key LICENSE (it has README, license.txt)", "spec.license.textRef.key");
    }

    @Test
    void aRegistryPinOfTheListVersionMustMatchTheNormalisedText() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, NOW.plusSeconds(3600));
        source.getSpec().getLicense().setListVersion("1.0");
        String normalised = dev.missioncontrol.core.license.LicenseTextNormalization.hashes(MarketplaceSources.TERMS).normalizedSha256();
        var registry = new dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry();
        registry.getMetadata().setName("licenses");
        registry.setSpec(new dev.missioncontrol.operator.api.v1alpha1.LicenseRegistrySpec());
        registry.getSpec().setPins(java.util.List.of(new dev.missioncontrol.operator.api.v1alpha1.LicensePin(
                source.getSpec().getLicense().getSpdx(), "1.0", normalised)));
        var pinned = dev.missioncontrol.operator.licensetext.LicensePins.find(java.util.List.of(registry), source.getSpec().getLicense().getSpdx(), "1.0");
        assertThat(SourceAssessment.assess(source, TEXT, Optional.of(pinned), NOW).license().reason()).isEqualTo("HashMatches");

        registry.getSpec().getPins().get(0).setSha256("0".repeat(64));
        var stale = dev.missioncontrol.operator.licensetext.LicensePins.find(java.util.List.of(registry), source.getSpec().getLicense().getSpdx(), "1.0");
        var drift = SourceAssessment.assess(source, TEXT, Optional.of(stale), NOW).license();
        assertThat(drift.ok()).isFalse();
        assertThat(drift.reason()).isEqualTo("LicenseDrift");
        assertThat(drift.message()).contains(normalised, "0".repeat(64), "re-pin");
        // Without a registry pin of that version, textSha256 alone decides, as before.
        var none = dev.missioncontrol.operator.licensetext.LicensePins.find(java.util.List.of(), source.getSpec().getLicense().getSpdx(), "1.0");
        assertThat(SourceAssessment.assess(source, TEXT, Optional.of(none), NOW).license().reason()).isEqualTo("HashMatches");
    }
}
