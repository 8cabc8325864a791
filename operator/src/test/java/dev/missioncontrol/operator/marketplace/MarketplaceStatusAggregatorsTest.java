package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.marketplace.SourceAssessment.Verdict;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** MarketplaceSourceStatusAggregator and ConnectRequestStatusAggregator, without a cluster. */
@Tag("unit")
class MarketplaceStatusAggregatorsTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aSourceEarnsOnlyTheBadgesItsAssessmentGrantsAndSaysWhatIsMissing() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        var assessment = new SourceAssessment(new Verdict(true, "Approved", "DPIA ok"),
                new Verdict(false, "LicenseHashMismatch", "the text changed"), "abc", Optional.empty());
        var status = MarketplaceSourceStatusAggregator.build(source, assessment, new PilotSlots.Decision(false, "NotVetted", "not vetted"), T0);
        assertThat(status.getBadges()).containsExactly("DPIAApproved");
        assertThat(status.getBadgeSummary()).as("the BADGES column").isEqualTo("DPIAApproved");
        assertThat(status.getObservedLicenseSha256()).isEqualTo("abc");
        assertThat(status.getLiveSince()).isNull();
        assertThat(Conditions.find(status.getConditions(), "Vetted")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).contains("LicenseVerified (the text changed)");
        });
        assertThat(Conditions.isTrue(status.getConditions(), "Reconciled")).isTrue();
        assertThat(Conditions.find(status.getConditions(), "Alerting")).isEmpty();
    }

    @Test
    void aLiveSourceKeepsTheMomentItWentLive() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        var ok = new SourceAssessment(new Verdict(true, "Approved", "ok"), new Verdict(true, "HashMatches", "ok"), "abc", Optional.empty());
        var first = MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(true, "Live", "live"), T0);
        assertThat(first.getLiveSince()).isEqualTo("2026-11-25T10:00:00Z");
        source.setStatus(first);
        var later = MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(true, "Live", "live"),
                Clock.offset(T0, java.time.Duration.ofHours(1)));
        assertThat(later.getLiveSince()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(later.getBadges()).containsExactly("DPIAApproved", "LicenseVerified", "Vetted");
    }

    @Test
    void aVerifiedTrailSetsPhaseAndHeadAndATamperedOneKeepsThePhaseItHad() {
        var request = ConnectRequests.request("ns", "r", "s", "acme", ConnectRequests.approve());
        List<AuditEntry> trail = AuditTrail.append(List.of(), "2026-11-25T10:00:00Z", "alice", "", ConnectPhase.Pending.name(), List.of(), "asked");
        trail = AuditTrail.append(trail, "2026-11-25T10:01:00Z", "bob", ConnectPhase.Pending.name(), ConnectPhase.Approved.name(), List.of(), "ok");
        var verified = ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), trail, "key-1",
                Optional.empty(), new SourceStanding(true, true, true, true, List.of(), ""));
        assertThat(verified.getPhase()).isEqualTo(ConnectPhase.Approved);
        assertThat(verified.getAuditEntries()).isEqualTo(2);
        assertThat(verified.getAuditHeadSha256()).isEqualTo(AuditTrail.hash(trail.get(1)));
        assertThat(Conditions.isTrue(verified.getConditions(), "AuditTrailVerified")).isTrue();
        assertThat(Conditions.isTrue(verified.getConditions(), "Approved")).isTrue();

        request.setStatus(verified);
        var tampered = ConnectRequestStatusAggregator.tampered(request, ConnectRequestStatusAggregator.conditions(request, T0), List.of(),
                "audit.ns.r", "signature does not verify");
        assertThat(tampered.getPhase()).isEqualTo(ConnectPhase.Approved);
        assertThat(tampered.getSigningKeyId()).isEqualTo("key-1");
        assertThat(Conditions.find(tampered.getConditions(), "AuditTrailVerified")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("AuditTrailTampered");
            assertThat(c.getMessage()).contains("audit.ns.r", "signature does not verify", "restores it from an export",
                    "a revocation always goes through");
        });
    }

    @Test
    void aMissingOrUnconnectableSourceIsNamedBeforeAnyDecision() {
        var request = ConnectRequests.request("ns", "r", "newswire", "acme", null);
        List<AuditEntry> trail = AuditTrail.append(List.of(), "2026-11-25T10:00:00Z", "alice", "", ConnectPhase.Pending.name(), List.of(), "asked");
        var missing = ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), trail, "key-1",
                Optional.empty(), SourceStanding.of("newswire", Optional.empty()));
        assertThat(Conditions.find(missing.getConditions(), ConnectRequestStatusAggregator.SOURCE_READY)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("SourceNotFound");
            assertThat(c.getMessage()).contains("MarketplaceSource newswire does not exist in namespace ns", "spec.sourceRef");
        });
        var source = MarketplaceSources.source("ns", "newswire", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        var unvetted = ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), trail,
                "key-1", Optional.empty(), SourceStanding.of("newswire", Optional.of(source)));
        assertThat(Conditions.find(unvetted.getConditions(), ConnectRequestStatusAggregator.SOURCE_READY)).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("SourceNotConnectable");
            assertThat(c.getMessage()).contains("lacks DPIAApproved", "not assessed yet");
        });
    }
}
