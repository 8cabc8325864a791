package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.licensetext.LicenseText;
import static dev.missioncontrol.operator.testing.Generated.edgyBetween;
import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of the marketplace's two planners: ConnectLifecycle over arbitrary sequences of spec edits and source
 * standings, SourceAssessment over arbitrary DPIA windows, license texts and times.
 */
@Tag("unit")
class MarketplacePlannersPropertiesTest {

    static final SourceStanding QUALIFIED = new SourceStanding(true, true, true, true, List.of("attribution-required"), "");
    static final SourceStanding EXPIRED = new SourceStanding(true, false, true, false, List.of(), "MarketplaceSource s lacks DPIAApproved");
    static final SourceStanding MISSING = new SourceStanding(false, false, false, false, List.of(), "MarketplaceSource s does not exist");

    /** One reconciliation of a ConnectRequest: the decision and revocation in its spec now, and its source's standing. */
    record Edit(Optional<ConnectDecision.Action> decision, boolean revoked, SourceStanding source) {
    }

    static List<Edit> edits(Random random) {
        return listOf(random, 1, 12, r -> new Edit(
                oneOf(r, Optional.<ConnectDecision.Action>empty(), Optional.of(ConnectDecision.Action.approve),
                        Optional.of(ConnectDecision.Action.approve), Optional.of(ConnectDecision.Action.reject)),
                oneOf(r, false, false, false, true), oneOf(r, QUALIFIED, QUALIFIED, EXPIRED, MISSING)));
    }

    @Test
    void aConnectionOnlyEndsByRevocationAndRevocationAlwaysGoesThrough() {
        forAll("aConnectionOnlyEndsByRevocationAndRevocationAlwaysGoesThrough", 200, MarketplacePlannersPropertiesTest::edits,
                MarketplacePlannersPropertiesTest::connectionChecks);
    }

    static void connectionChecks(List<Edit> edits) {
        ConnectPhase phase = null;
        String reported = null;
        boolean connected = false;
        for (Edit edit : edits) {
            var spec = ConnectRequests.request("ns", "r", "s", "acme", edit.decision()
                    .map(a -> new ConnectDecision(a, "bob@platform.example", null)).orElse(null)).getSpec();
            if (edit.revoked()) {
                spec.setRevocation(new Revocation("alice@acme.example", "no longer needed"));
            }
            var decision = ConnectLifecycle.plan(spec, phase, edit.source(), reported);
            var transitions = decision.next().transitions();

            ConnectPhase at = phase;
            for (var t : transitions) {
                assertThat(t.from()).as("transitions chain from the current phase").isEqualTo(at);
                at = t.to();
            }
            if (phase == ConnectPhase.Rejected || phase == ConnectPhase.Revoked) {
                assertThat(transitions).as("a rejected or revoked request is final").isEmpty();
            }
            if (connected) {
                assertThat(at).as("a connection ends only by revocation").isIn(ConnectPhase.Connected, ConnectPhase.Revoked);
            }
            if (edit.revoked() && phase != ConnectPhase.Rejected && phase != ConnectPhase.Revoked) {
                assertThat(at).as("a revocation goes through whatever the source's standing").isEqualTo(ConnectPhase.Revoked);
            }
            if (at == ConnectPhase.Connected && !connected) {
                assertThat(edit.decision()).as("connected only by an approval").contains(ConnectDecision.Action.approve);
                assertThat(edit.source().connectable()).as("connected only to a qualifying source").isTrue();
            }
            boolean newRefusal = decision.next().refusal().isPresent() && !decision.next().refusal().get().equals(reported);
            assertThat(decision.events()).as("one Event per transition, plus a new refusal").hasSize(transitions.size() + (newRefusal ? 1 : 0));
            phase = at;
            connected = at == ConnectPhase.Connected;
            String refusal = decision.next().refusal().orElse(null);

            // At rest: the same spec and standing, fed the phase it reached and the refusal it reported.
            var again = ConnectLifecycle.plan(spec, phase, edit.source(), refusal);
            assertThat(again.next().transitions()).as("transitions when replanned at rest").isEmpty();
            assertThat(again.events()).as("events when replanned at rest").isEmpty();
            assertThat(again.next().refusal()).isEqualTo(decision.next().refusal());
            reported = refusal;
        }
    }

    /** A DPIA window (seconds from t0), the time of the assessment, whether the DPIA is approved, the license text. */
    record Window(int approvedOffset, int validFor, int nowOffset, boolean approved, Optional<String> text) {
    }

    static Window window(Random random) {
        return new Window(edgyBetween(random, -5000, 5000), edgyBetween(random, 1, 10000), edgyBetween(random, -20000, 20000),
                random.nextBoolean(), texts(random));
    }

    @Test
    void aSourceIsVettedExactlyInsideItsDpiaWindowWithItsRegisteredTextAndWakesWhenThatFlips() {
        forAll("aSourceIsVettedExactlyInsideItsDpiaWindowWithItsRegisteredTextAndWakesWhenThatFlips", 200,
                MarketplacePlannersPropertiesTest::window, MarketplacePlannersPropertiesTest::windowChecks);
    }

    static void windowChecks(Window window) {
        int approvedOffset = window.approvedOffset();
        int validFor = window.validFor();
        int nowOffset = window.nowOffset();
        boolean approved = window.approved();
        Optional<String> text = window.text();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        Instant approvedAt = t0.plusSeconds(approvedOffset);
        Instant expiresAt = approvedAt.plusSeconds(validFor);
        Instant now = t0.plusSeconds(nowOffset);
        var source = MarketplaceSources.source("ns", "s", "terms", MarketplaceSources.TERMS, expiresAt);
        source.getSpec().getDpia().setApprovedAt(approvedAt.toString());
        if (!approved) {
            source.getSpec().getDpia().setApprovedBy(null);
        }
        var licenseText = new LicenseText(text.map(s -> s.getBytes(StandardCharsets.UTF_8)), "ConfigMap terms has no key LICENSE");

        var decision = SourceAssessment.plan(source, licenseText, now);
        var a = decision.next();
        boolean inWindow = approved && !now.isBefore(approvedAt) && now.isBefore(expiresAt);
        boolean textMatches = text.filter(MarketplaceSources.TERMS::equals).isPresent();
        assertThat(a.dpia().ok()).as("DPIA approved exactly inside its window").isEqualTo(inWindow);
        assertThat(a.license().ok()).as("license verified exactly when the text hashes to the registered SHA-256").isEqualTo(textMatches);
        assertThat(a.vetted()).isEqualTo(inWindow && textMatches);
        assertThat(decision.events()).as("an assessment records no Events").isEmpty();
        a.nextChange().ifPresent(change -> {
            assertThat(change).as("the wake-up is in the future").isAfter(now);
            assertThat(SourceAssessment.assess(source, licenseText, change).dpia().ok())
                    .as("the DPIA verdict flips at the wake-up").isNotEqualTo(a.dpia().ok());
            assertThat(SourceAssessment.assess(source, licenseText, change.minusMillis(1)).dpia().ok())
                    .as("and not before it").isEqualTo(a.dpia().ok());
        });
        if (a.nextChange().isEmpty()) {
            assertThat(SourceAssessment.assess(source, licenseText, now.plus(Duration.ofDays(3650))).dpia().ok())
                    .as("no wake-up: the verdict never flips by itself").isEqualTo(a.dpia().ok());
        }
        // At rest: the same inputs give the same assessment.
        assertThat(SourceAssessment.plan(source, licenseText, now).next()).usingRecursiveComparison().isEqualTo(a);
    }

    static Optional<String> texts(Random random) {
        return oneOf(random, Optional.empty(), Optional.of(MarketplaceSources.TERMS), Optional.of(MarketplaceSources.TERMS),
                Optional.of(MarketplaceSources.TERMS + " "), Optional.of(MarketplaceSources.TERMS.toUpperCase()));
    }
}
