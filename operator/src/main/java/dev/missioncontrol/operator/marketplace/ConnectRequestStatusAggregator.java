package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.signing.SigningKeys;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The status aggregator of ConnectRequest: phase, audit-trail figures and conditions from the signed trail and the lifecycle. */
public final class ConnectRequestStatusAggregator {

    public static final String AUDIT_TRAIL_VERIFIED = "AuditTrailVerified";
    /** Whether the MarketplaceSource named in spec.sourceRef exists and may be connected: known before any decision. */
    public static final String SOURCE_READY = "SourceReady";

    private ConnectRequestStatusAggregator() {
    }

    public static Conditions conditions(ConnectRequest request, Clock clock) {
        return StatusAggregation.conditions(request, request.getStatus(), clock);
    }

    /** A trail that no longer verifies: say so, keep what is known, record nothing new. */
    public static ConnectRequestStatus tampered(ConnectRequest request, Conditions conditions, List<AuditEntry> entries, String archive,
            String why) {
        var previous = Optional.ofNullable(request.getStatus()).orElseGet(ConnectRequestStatus::new);
        conditions.set(AUDIT_TRAIL_VERIFIED, false, "AuditTrailTampered", "The archived audit packet " + archive
                + " no longer verifies: " + why + ". No transition but a revocation is recorded until an administrator restores it"
                + " from an export; a revocation always goes through and starts a new trail.");
        return complete(request, previous, conditions, entries, previous.getSigningKeyId(), Readiness.stalled("AuditTrailTampered",
                "The archived audit packet " + archive + " no longer verifies: an administrator restores it from an export."));
    }

    /** The operator cannot use its audit key: nothing is recorded; the message says what to fix. */
    public static ConnectRequestStatus signingUnavailable(ConnectRequest request, Conditions conditions, String why) {
        var previous = Optional.ofNullable(request.getStatus()).orElseGet(ConnectRequestStatus::new);
        conditions.set(AUDIT_TRAIL_VERIFIED, false, SigningKeys.SigningUnavailable.REASON, why + " No transition is recorded until then.");
        var s = new ConnectRequestStatus();
        s.setPhase(previous.getPhase());
        s.setAuditEntries(previous.getAuditEntries());
        s.setAuditHeadSha256(previous.getAuditHeadSha256());
        s.setAuditPacket(previous.getAuditPacket());
        s.setSigningKeyId(previous.getSigningKeyId());
        return StatusAggregation.complete(request, s, conditions, AlertRules.NONE,
                Readiness.stalled(SigningKeys.SigningUnavailable.REASON, why + " No transition is recorded until then."));
    }

    public static ConnectRequestStatus verified(ConnectRequest request, Conditions conditions, List<AuditEntry> entries, String keyId,
            Optional<String> refusal, SourceStanding standing) {
        sourceCondition(conditions, request, standing);
        var previous = Optional.ofNullable(request.getStatus()).orElseGet(ConnectRequestStatus::new);
        ConnectPhase now = ConnectPhase.valueOf(entries.get(entries.size() - 1).to());
        conditions.set(AUDIT_TRAIL_VERIFIED, true, "SignatureAndChainVerified", entries.size()
                + " entries, hash-chained and signed with key " + keyId + ".");
        setLifecycleConditions(conditions, now, refusal, request, entries);
        return complete(request, previous, conditions, entries, keyId, readiness(now, refusal, request, standing));
    }

    /**
     * Ready: the tenant is Connected. Until a decision is made, and between an approval and the connection, Reconciling
     * (waiting for an approver is part of the request's way to its goal, as a GitOps user who commits a request expects;
     * Argo CD's health check shows it as Suspended). A rejected or revoked request is Stalled: it will never connect, and
     * the message says to ask again under a new name (or to remove it from Git).
     */
    static Readiness readiness(ConnectPhase phase, Optional<String> refusal, ConnectRequest request, SourceStanding standing) {
        String source = request.getSpec().getSourceRef();
        return switch (phase) {
            case Connected -> Readiness.ready("Connected", "Tenant " + request.getSpec().getTenant() + " is connected to " + source + ".");
            case Pending -> refusal.map(r -> Readiness.reconciling("ApprovalRefused", r))
                    .orElseGet(() -> Readiness.reconciling("AwaitingDecision", "Waiting for an approver to set spec.decision (approve or reject)."
                            + (standing.exists() && standing.connectable() ? "" : " MarketplaceSource " + source + " is not connectable yet (see SourceReady).")));
            case Approved -> Readiness.reconciling("Approved", "Approved; connecting tenant " + request.getSpec().getTenant() + " to " + source
                    + (standing.exists() && standing.connectable() ? "." : " once MarketplaceSource " + source + " is connectable (see SourceReady)."));
            case Rejected, Revoked -> Readiness.stalled(phase.name(), "The request was " + phase.name().toLowerCase(java.util.Locale.ROOT)
                    + " and will not connect: ask again with a new ConnectRequest, or remove this one.");
        };
    }

    private static ConnectRequestStatus complete(ConnectRequest request, ConnectRequestStatus previous, Conditions conditions,
            List<AuditEntry> entries, String keyId, Readiness readiness) {
        var s = new ConnectRequestStatus();
        s.setPhase(entries.isEmpty() ? previous.getPhase() : ConnectPhase.valueOf(entries.get(entries.size() - 1).to()));
        s.setAuditEntries(entries.size());
        s.setAuditHeadSha256(entries.isEmpty() ? null : AuditTrail.hash(entries.get(entries.size() - 1)));
        s.setAuditPacket(entries.isEmpty() ? null : AuditArchive.copyName(request));
        s.setSigningKeyId(keyId);
        return StatusAggregation.complete(request, s, conditions, AlertRules.NONE, readiness);
    }

    /** A re-created request under a standing decision says so. */
    private static String restated(List<AuditEntry> entries) {
        AuditEntry last = entries.get(entries.size() - 1);
        return last.from().equals(last.to()) ? " This name's earlier request was decided; the decision stands: ask again under a new name." : "";
    }

    /** The referenced source, named as soon as it is missing or not connectable, whether or not a decision was made. */
    static void sourceCondition(Conditions conditions, ConnectRequest request, SourceStanding standing) {
        String ref = request.getSpec().getSourceRef();
        if (!standing.exists()) {
            conditions.set(SOURCE_READY, false, "SourceNotFound", "MarketplaceSource " + ref + " does not exist in namespace "
                    + request.getMetadata().getNamespace() + ": create it, or correct spec.sourceRef (immutable: re-create the request).");
        } else if (!standing.connectable()) {
            conditions.set(SOURCE_READY, false, "SourceNotConnectable", standing.problems() + ".");
        } else {
            conditions.set(SOURCE_READY, true, "SourceConnectable", "MarketplaceSource " + ref + " is DPIAApproved, LicenseVerified and Live.");
        }
    }

    static void setLifecycleConditions(Conditions conditions, ConnectPhase phase, Optional<String> refusal, ConnectRequest request,
            List<AuditEntry> entries) {
        switch (phase) {
            case Pending -> conditions.set("Approved", false, refusal.isPresent() ? "ApprovalRefused" : "AwaitingDecision",
                    refusal.orElse("Waiting for an approver to set spec.decision (approve or reject)."));
            case Approved, Connected -> conditions.set("Approved", true, "Approved", "Approved by "
                    + AuditContinuity.decidedBy(entries, ConnectPhase.Approved) + ".");
            case Rejected -> conditions.set("Approved", false, "Rejected", "Rejected by " + AuditContinuity.decidedBy(entries, phase) + "."
                    + restated(entries));
            case Revoked -> conditions.set("Approved", false, "Revoked", "Revoked by " + AuditContinuity.decidedBy(entries, phase) + "."
                    + restated(entries));
        }
        conditions.set("Connected", phase == ConnectPhase.Connected, phase == ConnectPhase.Connected ? "Connected" : phase.name(),
                phase == ConnectPhase.Connected
                        ? "Tenant " + request.getSpec().getTenant() + " is connected to " + request.getSpec().getSourceRef() + "; its flag is on."
                        : "Not connected; the tenant's flag for " + request.getSpec().getSourceRef() + " is off.");
    }
}
