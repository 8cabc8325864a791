package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestStatus;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.events.EventRecorder;
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
// RBAC beyond the dependents: the audit signing key Secret (AuditSigningKeys), the MarketplaceSource informer, Events.
@RBACRule(apiGroups = "", resources = "secrets", verbs = {RBACVerbs.GET, RBACVerbs.CREATE})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "marketplacesources", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = RBACVerbs.CREATE)
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
        return List.of(new InformerEventSource<>(sources, context));
    }

    @Override
    public UpdateControl<ConnectRequest> reconcile(ConnectRequest request, Context<ConnectRequest> context) {
        if (Teardown.goingAway(request)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        var client = context.getClient();
        String ns = request.getMetadata().getNamespace();
        var previous = Optional.ofNullable(request.getStatus()).orElseGet(ConnectRequestStatus::new);
        var conditions = ConnectRequestStatusAggregator.conditions(request, clock);

        var stored = AuditStore.read(client, request);
        List<AuditEntry> entries = stored.map(s -> AuditTrail.entries(s.envelope())).orElse(List.of());
        if (stored.isPresent()) {
            var key = AuditSigningKeys.published(client, ns);
            var verification = key.map(k -> AuditTrail.verify(stored.get().envelope(), k));
            if (verification.isEmpty() || !verification.get().ok()) {
                String why = verification.map(v -> String.join("; ", v.problems()))
                        .orElse("the public key ConfigMap " + AuditSigningKeys.PUBLIC_CONFIGMAP + " is missing");
                var next = ConnectRequestStatusAggregator.tampered(request, conditions, entries, why);
                boolean alreadyReported = Conditions.find(previous.getConditions(), "AuditTrailVerified")
                        .map(c -> "AuditTrailTampered".equals(c.getReason())).orElse(false);
                if (!alreadyReported) {
                    EventRecorder.record(client, request, true, "AuditTrailTampered", why, clock);
                }
                return StatusWrites.writeIfChanged(request, next, context);
            }
        }

        ConnectPhase phase = entries.isEmpty() ? null : ConnectPhase.valueOf(entries.get(entries.size() - 1).to());
        var standing = SourceStanding.of(request.getSpec().getSourceRef(), context.getSecondaryResource(MarketplaceSource.class));
        var decision = ConnectLifecycle.plan(request.getSpec(), phase, standing,
                Conditions.find(previous.getConditions(), "Approved").map(c -> c.getMessage()).orElse(null));
        var outcome = decision.next();

        String keyId = previous.getSigningKeyId();
        if (!outcome.transitions().isEmpty()) {
            var key = AuditSigningKeys.getOrCreate(client, ns);
            keyId = key.keyId();
            String now = Instant.now(clock).toString();
            List<AuditEntry> next = entries;
            for (var t : outcome.transitions()) {
                next = AuditTrail.append(next, now, t.actor(), t.from() == null ? "" : t.from().name(), t.to().name(),
                        standing.clauses(), t.note());
            }
            var subject = new AuditTrail.Subject(ns, request.getMetadata().getName(), request.getMetadata().getUid(),
                    request.getSpec().getSourceRef(), request.getSpec().getTenant(), request.getSpec().getPurpose(),
                    request.getSpec().getRequestedBy());
            AuditStore.write(client, request, AuditTrail.seal(subject, next, key.privateKey(), key.keyId()), stored);
            entries = next;
        }
        // The signed trail is the record: its transitions' Events follow its write, whatever happens to the status write.
        EventRecorder.recordAll(client, request, decision.events(), clock);
        var next = ConnectRequestStatusAggregator.verified(request, conditions, entries, keyId, outcome.refusal(), standing);
        return StatusWrites.writeIfChanged(request, next, context);
    }

    @Override
    public ErrorStatusUpdateControl<ConnectRequest> updateErrorStatus(ConnectRequest resource, Context<ConnectRequest> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, ConnectRequestStatus::new, clock);
    }

}
