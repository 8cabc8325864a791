package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSourceStatus;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The status aggregator of MarketplaceSource: badges, conditions and liveSince from the assessment and the pilot slot. */
public final class MarketplaceSourceStatusAggregator {

    private MarketplaceSourceStatusAggregator() {
    }

    public static MarketplaceSourceStatus build(MarketplaceSource source, SourceAssessment assessment, PilotSlots.Decision live,
            Clock clock) {
        Instant now = clock.instant();
        var previous = Optional.ofNullable(source.getStatus()).orElseGet(MarketplaceSourceStatus::new);
        var conditions = StatusAggregation.conditions(source, source.getStatus(), clock)
                .set("DPIAApproved", assessment.dpia().ok(), assessment.dpia().reason(), assessment.dpia().message())
                .set("LicenseVerified", assessment.license().ok(), assessment.license().reason(), assessment.license().message())
                .set("Vetted", assessment.vetted(), assessment.vetted() ? "Vetted" : "NotVetted", vettedMessage(assessment))
                .set(PilotSlots.LIVE, live.live(), live.reason(), live.message());
        List<String> badges = new ArrayList<>();
        if (assessment.dpia().ok()) {
            badges.add("DPIAApproved");
        }
        if (assessment.license().ok()) {
            badges.add("LicenseVerified");
        }
        if (assessment.vetted()) {
            badges.add("Vetted");
        }
        var next = new MarketplaceSourceStatus();
        next.setBadges(badges);
        next.setBadgeSummary(badges.isEmpty() ? null : String.join(", ", badges));
        next.setObservedLicenseSha256(assessment.observedSha256());
        next.setLiveSince(live.live() ? Optional.ofNullable(previous.getLiveSince()).orElse(now.toString()) : null);
        return StatusAggregation.complete(source, next, conditions, AlertRules.NONE, readiness(assessment, live));
    }

    /**
     * Ready: the source is usable, that is Live (Vetted, and holding a pilot slot), the state a ConnectRequest needs. A
     * source that is not Vetted (a DPIA missing or expired, a license text missing or not the registered one) or finds every
     * pilot slot taken is Stalled: it stays so until a person acts, as the message says.
     */
    static Readiness readiness(SourceAssessment assessment, PilotSlots.Decision live) {
        if (live.live()) {
            return Readiness.ready(PilotSlots.LIVE, live.message());
        }
        if (!assessment.vetted()) {
            return Readiness.stalled("NotVetted", vettedMessage(assessment));
        }
        return Readiness.stalled(live.reason(), live.message());
    }

    static String vettedMessage(SourceAssessment a) {
        if (a.vetted()) {
            return "DPIA approved and license text verified.";
        }
        List<String> missing = new ArrayList<>();
        if (!a.dpia().ok()) {
            missing.add("DPIAApproved (" + a.dpia().message() + ")");
        }
        if (!a.license().ok()) {
            missing.add("LicenseVerified (" + a.license().message() + ")");
        }
        return "Missing " + String.join("; ", missing);
    }
}
