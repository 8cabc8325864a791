package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.AuditTrail;
import io.fabric8.kubernetes.api.model.ConfigMap;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.marketplace.ConnectLifecycle.Transition;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestStatus;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.common.ObjectNameTakenException;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves a ConnectRequest through Pending, Approved or Rejected, Connected and Revoked. The signed audit
 * trail is the record of where it is: each transition is appended to it, signed, and stored before status
 * says so; a trail that no longer verifies stops the request.
 */
// RBAC beyond the dependents: the MarketplaceSource informer and Events. The audit key Secret and the archived trails
// live in the operator's own namespace: the chart grants that access there only (templates/rbac.yaml).
@RBACRule(apiGroups = "missioncontrol.dev", resources = "marketplacesources", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// Dependents follow status (the phase), so status changes must reach the reconciler too.
@ControllerConfiguration(name = ConnectRequestReconciler.NAME, generationAwareEventProcessing = false)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "connect-flags", type = ConnectFlagsConfigMapDependent.class),
        @Dependent(name = "connection", type = ConnectionConfigMapDependent.class,
                reconcilePrecondition = ConnectedCondition.class)
})
public class ConnectRequestReconciler implements Reconciler<ConnectRequest> {

    public static final String NAME = "connectrequest";
    static final String SOURCES = "sources";
    static final String AUDIT_PACKETS = "audit-packets";
    static final java.time.Duration SIGNING_RETRY = java.time.Duration.ofMinutes(1);

    private final Clock clock;

    public ConnectRequestReconciler() {
        this(Clock.systemUTC());
    }

    ConnectRequestReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, ConnectRequest>> prepareEventSources(EventSourceContext<ConnectRequest> context) {
        // A source gaining or losing a badge decides pending approvals.
        var sources = InformerEventSourceConfiguration.from(MarketplaceSource.class, ConnectRequest.class)
                .withName(SOURCES)
                .withSecondaryToPrimaryMapper(source -> context.getPrimaryCache()
                        .list(r -> Objects.equals(r.getMetadata().getNamespace(), source.getMetadata().getNamespace())
                                && Objects.equals(r.getSpec().getSourceRef(), source.getMetadata().getName()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((ConnectRequest r) -> Set.of(new ResourceID(r.getSpec().getSourceRef(), r.getMetadata().getNamespace())))
                .build();
        // The audit packets: an edited or deleted copy is restored at once, and an edited archive is reported at once.
        var packets = InformerEventSourceConfiguration.from(ConfigMap.class, ConnectRequest.class)
                .withName(AUDIT_PACKETS)
                .withLabelSelector(AuditPackets.PACKET_LABEL + "=true")
                .withSecondaryToPrimaryMapper(ConnectRequestReconciler::packetOwner)
                .build();
        return List.of(new InformerEventSource<>(sources, context), new InformerEventSource<>(packets, context));
    }

    /** A copy names its request by owner reference; an archived packet by its namespace label and name annotation. */
    static Set<ResourceID> packetOwner(ConfigMap cm) {
        var owners = cm.getMetadata().getOwnerReferences().stream().filter(o -> "ConnectRequest".equals(o.getKind()))
                .map(o -> new ResourceID(o.getName(), cm.getMetadata().getNamespace())).collect(Collectors.toSet());
        if (!owners.isEmpty()) {
            return owners;
        }
        String ns = cm.getMetadata().getLabels() == null ? null : cm.getMetadata().getLabels().get(AuditPackets.NAMESPACE_LABEL);
        String name = cm.getMetadata().getAnnotations() == null ? null : cm.getMetadata().getAnnotations().get(AuditPackets.NAME_ANNOTATION);
        return ns == null || name == null ? Set.of() : Set.of(new ResourceID(name, ns));
    }

    @Override
    public UpdateControl<ConnectRequest> reconcile(ConnectRequest request, Context<ConnectRequest> context) {
        if (Teardown.goingAway(request)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try {
            return reconcileTrail(request, context);
        } catch (SigningKeys.SigningUnavailable e) {
            // Nothing is recorded or decided without the key; a person must fix it, so look again in a while, not at once.
            var conditions = ConnectRequestStatusAggregator.conditions(request, clock);
            var next = ConnectRequestStatusAggregator.signingUnavailable(request, conditions, e.getMessage());
            return applyThenWrite(request, next, context, () -> StatusWrites.writeIfChanged(request, next, context))
                    .rescheduleAfter(SIGNING_RETRY);
        }
    }

    /**
     * Applies the owned objects as the status about to be written calls for, then writes that status: the connection
     * exists, and the flags say so, before status says Connected, and a revocation removes it before status says Revoked.
     * Applied from the status read instead, they trailed one reconciliation behind: Ready came before the connection,
     * and that next reconciliation's writes fell after it (make bench counted them as writes at rest).
     */
    private static UpdateControl<ConnectRequest> applyThenWrite(ConnectRequest request, ConnectRequestStatus next,
            Context<ConnectRequest> context, java.util.function.Supplier<UpdateControl<ConnectRequest>> write) {
        var read = request.getStatus();
        request.setStatus(next); // the workflow renders from the resource in hand
        try {
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        } finally {
            request.setStatus(read); // the write compares against the status read
        }
        return write.get();
    }

    private UpdateControl<ConnectRequest> reconcileTrail(ConnectRequest request, Context<ConnectRequest> context) {
        var client = context.getClient();
        var keys = SigningConfig.keys(client);
        var archive = new AuditArchive(client, keys.namespace());
        var previous = Optional.ofNullable(request.getStatus()).orElseGet(ConnectRequestStatus::new);
        List<ObjectNameTakenException> taken = new ArrayList<>();
        var conditions = ConnectRequestStatusAggregator.conditions(request, clock);

        // The archived trail (operator namespace) is the record; it verifies only with the operator's own audit keys.
        var stored = archive.read(request);
        var ring = keys.ring(KeyRing.AUDIT);
        List<AuditEntry> entries = List.of();
        String trailUid = null;
        Optional<String> broken = Optional.empty();
        if (stored.isPresent()) {
            var envelope = stored.get().envelope();
            if (envelope.isEmpty()) {
                broken = Optional.of("it cannot be read: " + stored.get().unreadable());
            } else if (ring.isEmpty()) {
                broken = Optional.of("the operator's audit key Secret " + SigningKeys.secretName(KeyRing.AUDIT) + " is missing");
            } else {
                var verification = AuditTrail.verify(envelope.get(), ring.get());
                if (verification.ok()) {
                    entries = AuditTrail.entries(envelope.get());
                    trailUid = AuditTrail.subject(envelope.get()).uid();
                } else {
                    broken = Optional.of(String.join("; ", verification.problems()));
                }
            }
        } else if (previous.getAuditEntries() != null && previous.getAuditEntries() > 0) {
            broken = Optional.of("it is missing although status counted " + previous.getAuditEntries() + " entries");
        }
        if (broken.isPresent()) {
            return tampered(request, context, archive, keys, stored, conditions, previous, broken.get());
        }

        List<Transition> resumed = AuditContinuity.resume(entries, trailUid, request.getMetadata().getUid(), request.getSpec());
        ConnectPhase phase = resumed.isEmpty() ? (entries.isEmpty() ? null : ConnectPhase.valueOf(entries.get(entries.size() - 1).to()))
                : resumed.get(resumed.size() - 1).to();
        var standing = SourceStanding.of(request.getSpec().getSourceRef(), context.getSecondaryResource(MarketplaceSource.class));
        var decision = ConnectLifecycle.plan(request.getSpec(), phase, standing,
                Conditions.find(previous.getConditions(), "Approved").map(c -> c.getMessage()).orElse(null));
        var outcome = decision.next();
        List<Transition> transitions = new ArrayList<>(resumed);
        transitions.addAll(outcome.transitions());

        String keyId = previous.getSigningKeyId();
        if (!transitions.isEmpty()) {
            var signer = keys.signer(KeyRing.AUDIT, clock.instant());
            keyId = signer.keyId();
            entries = append(entries, transitions, standing.clauses());
            archive.write(request, AuditTrail.seal(subject(request), entries, signer.privateKey(), signer.keyId()), stored);
            keys.publish(signer.ring(), Optional.of(request.getMetadata().getNamespace())).ifPresent(taken::add);
        } else if (!entries.isEmpty() && archive.publishCopy(request, stored.get().envelope().get())) {
            // The tenant's copy was deleted or edited: it is restored from the archive, which decides nothing differently.
            EventRecorder.record(client, request, true, "AuditCopyRestored", "The audit packet " + AuditArchive.copyName(request)
                    + " in this namespace differed from the archived trail and was restored from it.", clock);
        }
        // The signed trail is the record: its transitions' Events follow its write, whatever happens to the status write.
        EventRecorder.recordAll(client, request, decision.events(), clock);
        var next = ConnectRequestStatusAggregator.verified(request, conditions, entries, keyId, outcome.refusal(), standing);
        return write(request, next, context, archive, taken);
    }

    /** Writes status, naming someone else's object that holds a copy's name (the copy is left unwritten, nothing waits). */
    private UpdateControl<ConnectRequest> write(ConnectRequest request, ConnectRequestStatus next, Context<ConnectRequest> context,
            AuditArchive archive, List<ObjectNameTakenException> taken) {
        archive.copyTaken().ifPresent(taken::add);
        return applyThenWrite(request, next, context, () -> StatusWrites.writeIfChanged(request, next, context, taken.stream().findFirst(), clock));
    }

    /**
     * A trail that fails verification decides nothing more, with one exception: a revocation always goes through (fail
     * safe). The broken trail is set aside as evidence and a new one starts with the revocation and the reason.
     */
    private UpdateControl<ConnectRequest> tampered(ConnectRequest request, Context<ConnectRequest> context, AuditArchive archive,
            SigningKeys keys, Optional<AuditArchive.Stored> stored, Conditions conditions, ConnectRequestStatus previous, String why) {
        List<ObjectNameTakenException> taken = new ArrayList<>();
        var client = context.getClient();
        boolean alreadyReported = Conditions.find(previous.getConditions(), ConnectRequestStatusAggregator.AUDIT_TRAIL_VERIFIED)
                .map(c -> "AuditTrailTampered".equals(c.getReason())).orElse(false);
        if (!alreadyReported) {
            EventRecorder.record(client, request, true, "AuditTrailTampered", "The archived audit trail " + archive.archiveName(request)
                    + " (namespace " + archive.operatorNamespace() + ") does not verify: " + why, clock);
        }
        var revocation = request.getSpec().getRevocation();
        if (revocation != null && previous.getPhase() != ConnectPhase.Revoked) {
            String suffix = String.valueOf(clock.instant().getEpochSecond());
            String setAside = stored.isPresent() ? archive.setAside(request, suffix) : "(missing)";
            var signer = keys.signer(KeyRing.AUDIT, clock.instant());
            List<AuditEntry> fresh = AuditTrail.append(List.of(), clock.instant().toString(), revocation.getRevokedBy(), "",
                    ConnectPhase.Revoked.name(), List.of(), (revocation.getReason() == null || revocation.getReason().isBlank() ? "revoked"
                            : revocation.getReason()) + "; the earlier trail (" + setAside + ") failed verification: " + why);
            archive.write(request, AuditTrail.seal(subject(request), fresh, signer.privateKey(), signer.keyId()), stored);
            keys.publish(signer.ring(), Optional.of(request.getMetadata().getNamespace())).ifPresent(taken::add);
            EventRecorder.record(client, request, true, ConnectPhase.Revoked.name(), "Revoked by " + revocation.getRevokedBy()
                    + " although the audit trail was broken; a new trail records it.", clock);
            var next = ConnectRequestStatusAggregator.tampered(request, conditions, fresh, archive.archiveName(request), why);
            return write(request, next, context, archive, taken);
        }
        var next = ConnectRequestStatusAggregator.tampered(request, conditions, List.of(), archive.archiveName(request), why);
        return applyThenWrite(request, next, context, () -> StatusWrites.writeIfChanged(request, next, context));
    }

    private List<AuditEntry> append(List<AuditEntry> entries, List<Transition> transitions, List<String> clauses) {
        String now = Instant.now(clock).toString();
        List<AuditEntry> next = entries;
        for (var t : transitions) {
            next = AuditTrail.append(next, now, t.actor(), t.from() == null ? "" : t.from().name(), t.to().name(), clauses, t.note());
        }
        return next;
    }

    private static AuditTrail.Subject subject(ConnectRequest request) {
        return new AuditTrail.Subject(request.getMetadata().getNamespace(), request.getMetadata().getName(), request.getMetadata().getUid(),
                request.getSpec().getSourceRef(), request.getSpec().getTenant(), request.getSpec().getPurpose(),
                request.getSpec().getRequestedBy());
    }

    @Override
    public ErrorStatusUpdateControl<ConnectRequest> updateErrorStatus(ConnectRequest resource, Context<ConnectRequest> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, ConnectRequestStatus::new, clock);
    }

}
