package dev.missioncontrol.operator.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.marketplace.SourceAssessment.Verdict;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.KStatus;
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

    @Test
    void aSourceIsReadyWhenLiveAndStalledWhenNotVettedOrEverySlotIsTaken() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        source.getMetadata().setGeneration(1L);
        var ok = new SourceAssessment(new Verdict(true, "Approved", "ok"), new Verdict(true, "HashMatches", "ok"), "abc", Optional.empty());
        source.setStatus(MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(true, "Live", "Took a pilot slot."), T0));
        assertThat(KStatus.of(source).summary()).isEqualTo("Current Ready=True/Live");
        assertThat(KStatus.readyAtGeneration(source)).isTrue();

        var full = MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(false, PilotSlots.CAP_REACHED,
                "The pilot allows 1 Live sources and all are taken. Retire one."), T0);
        source.setStatus(full);
        assertThat(KStatus.of(source).summary()).isEqualTo("Failed Ready=False/" + PilotSlots.CAP_REACHED);

        var mismatch = new SourceAssessment(new Verdict(true, "Approved", "ok"), new Verdict(false, "LicenseHashMismatch", "the text changed"),
                "abc", Optional.empty());
        source.setStatus(MarketplaceSourceStatusAggregator.build(source, mismatch, new PilotSlots.Decision(false, "NotVetted", "not vetted"), T0));
        assertThat(KStatus.of(source).summary()).isEqualTo("Failed Ready=False/NotVetted");
        assertThat(Conditions.find(source.getStatus().getConditions(), "Ready").get().getMessage()).contains("LicenseVerified (the text changed)");
    }

    @Test
    void aRequestIsReadyWhenConnectedReconcilingWhileItAwaitsADecisionStalledWhenRejectedOrRevoked() {
        var request = ConnectRequests.request("ns", "r", "s", "acme", null);
        request.getMetadata().setGeneration(1L);
        var live = new SourceStanding(true, true, true, true, List.of(), "");
        List<AuditEntry> trail = AuditTrail.append(List.of(), "2026-11-25T10:00:00Z", "alice", "", ConnectPhase.Pending.name(), List.of(), "asked");
        request.setStatus(ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), trail,
                "key-1", Optional.empty(), live));
        assertThat(KStatus.of(request).summary()).isEqualTo("InProgress Ready=False/AwaitingDecision");

        var approved = AuditTrail.append(trail, "2026-11-25T10:01:00Z", "bob", ConnectPhase.Pending.name(), ConnectPhase.Approved.name(), List.of(), "ok");
        var connected = AuditTrail.append(approved, "2026-11-25T10:01:01Z", "operator", ConnectPhase.Approved.name(), ConnectPhase.Connected.name(),
                List.of(), "connected");
        request.setStatus(ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), connected,
                "key-1", Optional.empty(), live));
        assertThat(KStatus.of(request).summary()).isEqualTo("Current Ready=True/Connected");
        assertThat(KStatus.readyAtGeneration(request)).isTrue();

        var revoked = AuditTrail.append(connected, "2026-11-25T10:02:00Z", "bob", ConnectPhase.Connected.name(), ConnectPhase.Revoked.name(),
                List.of(), "revoked");
        request.setStatus(ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), revoked,
                "key-1", Optional.empty(), live));
        assertThat(KStatus.of(request).summary()).isEqualTo("Failed Ready=False/Revoked");
        assertThat(Conditions.find(request.getStatus().getConditions(), "Ready").get().getMessage()).contains("new ConnectRequest");

        var rejected = AuditTrail.append(trail, "2026-11-25T10:01:00Z", "bob", ConnectPhase.Pending.name(), ConnectPhase.Rejected.name(), List.of(), "no");
        var fresh = ConnectRequests.request("ns", "r2", "s", "acme", null);
        fresh.setStatus(ConnectRequestStatusAggregator.verified(fresh, ConnectRequestStatusAggregator.conditions(fresh, T0), rejected,
                "key-1", Optional.empty(), live));
        assertThat(KStatus.of(fresh).summary()).isEqualTo("Failed Ready=False/Rejected");

        var cannotSign = ConnectRequestStatusAggregator.signingUnavailable(fresh, ConnectRequestStatusAggregator.conditions(fresh, T0),
                "The operator may not use Secrets in its namespace.");
        fresh.setStatus(cannotSign);
        assertThat(KStatus.of(fresh).summary()).isEqualTo("Failed Ready=False/SigningKeyUnavailable");
    }
}
