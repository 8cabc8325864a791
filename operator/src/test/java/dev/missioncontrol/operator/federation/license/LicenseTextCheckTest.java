package dev.missioncontrol.operator.federation.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.license.LicenseTextNormalization;
import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseDriftPolicy;
import dev.missioncontrol.operator.api.v1alpha1.LicensePin;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistrySpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseState;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.licensetext.LicensePins;
import dev.missioncontrol.operator.licensetext.LicenseText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LicenseTextCheckTest {

    static final String MIT = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software.";
    static final String PIN = LicenseTextNormalization.hashes(MIT).normalizedSha256();

    static IndexSpec index(List<String> clauses, String textSha256, String listVersion) {
        var index = new IndexSpec("partner", "https://partner.example.com/search");
        var license = new LicenseSpec("MIT", clauses);
        license.setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, "mit", "LICENSE"));
        license.setTextSha256(textSha256);
        license.setListVersion(listVersion);
        index.setLicense(license);
        return index;
    }

    static Optional<LicenseText> text(String s) {
        return Optional.of(new LicenseText(Optional.of(s.getBytes(StandardCharsets.UTF_8)), "not found"));
    }

    static LicenseRegistry registry(String name, String sha) {
        var r = new LicenseRegistry();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace("ns");
        var spec = new LicenseRegistrySpec();
        spec.setPins(List.of(new LicensePin("MIT", "3.22", sha)));
        r.setSpec(spec);
        return r;
    }

    @Test
    void aTextThatHashesToItsPinIsVerifiedAndTheClausesDecide() {
        var check = LicenseTextCheck.check(index(List.of(), PIN, null), text(MIT.toUpperCase()), Optional.empty()).orElseThrow();
        assertThat(check.state()).isEqualTo(LicenseState.Verified);
        assertThat(check.observedSha256()).isEqualTo(PIN);
        assertThat(check.rawSha256()).isNotEqualTo(PIN);
        var decision = LicenseTextCheck.apply(LicenseClauseDecision.decide(index(List.of(), PIN, null), null), Optional.of(check),
                LicenseDriftPolicy.Block);
        assertThat(decision.decision()).isEqualTo(BlendDecision.Blend);
    }

    @Test
    void oneChangedWordIsDriftAndTheMessageNamesBothHashesAndHowToRepin() {
        String changed = MIT.replace("free of charge", "free of fees");
        var check = LicenseTextCheck.check(index(List.of(), PIN, null), text(changed), Optional.empty()).orElseThrow();
        String now = LicenseTextNormalization.hashes(changed).normalizedSha256();
        assertThat(check.state()).isEqualTo(LicenseState.Drift);
        assertThat(check.message()).contains("partner", PIN, now, "re-pin", "textSha256 to " + now);

        var blocked = LicenseTextCheck.apply(LicenseClauseDecision.decide(index(List.of(), PIN, null), null), Optional.of(check),
                LicenseDriftPolicy.Block);
        assertThat(blocked.decision()).isEqualTo(BlendDecision.Block);
        assertThat(blocked.clause()).isEqualTo("LicenseDrift");
        var demoted = LicenseTextCheck.apply(LicenseClauseDecision.decide(index(List.of(), PIN, null), null), Optional.of(check),
                LicenseDriftPolicy.Demote);
        assertThat(demoted.decision()).isEqualTo(BlendDecision.Demote);
        assertThat(demoted.clause()).isEqualTo("LicenseDrift");
        // A clause that already blocks keeps deciding: Demote is not more restrictive.
        var byClause = LicenseTextCheck.apply(LicenseClauseDecision.decide(index(List.of("no-blending"), PIN, null), null),
                Optional.of(check), LicenseDriftPolicy.Demote);
        assertThat(byClause.decision()).isEqualTo(BlendDecision.Block);
        assertThat(byClause.clause()).isEqualTo("no-blending");
    }

    @Test
    void anUnreadableTextIsMissingAndAlwaysBlocked() {
        var check = LicenseTextCheck.check(index(List.of(), PIN, null),
                Optional.of(new LicenseText(Optional.empty(), "ConfigMap mit (key LICENSE) was not found.")), Optional.empty()).orElseThrow();
        assertThat(check.state()).isEqualTo(LicenseState.Missing);
        assertThat(check.message()).contains("ConfigMap mit (key LICENSE) was not found.", "blocked");
        var decision = LicenseTextCheck.apply(LicenseClauseDecision.decide(index(List.of(), PIN, null), null), Optional.of(check),
                LicenseDriftPolicy.Demote);
        assertThat(decision.decision()).isEqualTo(BlendDecision.Block);
        assertThat(decision.clause()).isEqualTo("LicenseTextMissing");
    }

    @Test
    void theRegistryPinAppliesWithoutTextSha256AndNoPinIsUnpinned() {
        var idx = index(List.of(), null, "3.22");
        var verified = LicenseTextCheck.check(idx, text(MIT), Optional.of(LicensePins.find(List.of(registry("licenses", PIN)), "MIT", "3.22")));
        assertThat(verified.orElseThrow().state()).isEqualTo(LicenseState.Verified);
        assertThat(verified.get().message()).contains("LicenseRegistry pin of MIT 3.22");

        var drift = LicenseTextCheck.check(idx, text(MIT + " more"), Optional.of(LicensePins.find(List.of(registry("licenses", PIN)), "MIT", "3.22")));
        assertThat(drift.orElseThrow().state()).isEqualTo(LicenseState.Drift);
        assertThat(drift.get().message()).contains("set sha256 of the LicenseRegistry pin {spdxId: MIT, listVersion: 3.22}");

        var none = LicenseTextCheck.check(idx, text(MIT), Optional.of(LicensePins.find(List.of(), "MIT", "3.22")));
        assertThat(none.orElseThrow().state()).isEqualTo(LicenseState.Unpinned);
        var decision = LicenseTextCheck.apply(LicenseClauseDecision.decide(idx, null), none, LicenseDriftPolicy.Block);
        assertThat(decision.decision()).isEqualTo(BlendDecision.Blend);

        var conflict = LicensePins.find(List.of(registry("a", PIN), registry("b", "0".repeat(64))), "MIT", "3.22");
        assertThat(conflict.conflict()).isTrue();
        assertThat(LicenseTextCheck.check(idx, text(MIT), Optional.of(conflict)).orElseThrow().state()).isEqualTo(LicenseState.Drift);
    }

    @Test
    void anIndexWithoutATextReferenceIsUnpinnedAndOneWithoutALicenseIsNotChecked() {
        var idx = new IndexSpec("docs", "https://docs.example.com");
        assertThat(LicenseTextCheck.check(idx, Optional.empty(), Optional.empty())).isEmpty();
        idx.setLicense(new LicenseSpec("CC-BY-4.0", List.of("attribution-required")));
        assertThat(LicenseTextCheck.check(idx, Optional.empty(), Optional.empty()).orElseThrow().state()).isEqualTo(LicenseState.Unpinned);
    }
}
