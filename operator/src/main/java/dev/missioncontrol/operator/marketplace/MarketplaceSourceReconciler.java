package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSourceStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.licensetext.LicensePins;
import dev.missioncontrol.operator.licensetext.LicenseText;
import dev.missioncontrol.operator.licensetext.LicenseTexts;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Derives a source card's badges (DPIAApproved, LicenseVerified, Vetted) and whether it is Live under the
 * pilot cap. The DPIA lapses by itself: the reconciler is scheduled for the moment it expires.
 */
// RBAC beyond the dependents: the license-text informers (labelled ConfigMaps and Secrets) and Events.
@RBACRule(apiGroups = "", resources = {"configmaps", "secrets"}, verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "licenseregistries", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = MarketplaceSourceReconciler.NAME)
public class MarketplaceSourceReconciler implements Reconciler<MarketplaceSource> {

    public static final String NAME = "marketplacesource";
    public static final String LICENSE_TEXT_LABEL = LicenseTexts.LABEL;
    static final String LICENSE_CONFIGMAPS = "license-configmaps";
    static final String LICENSE_SECRETS = "license-secrets";
    static final String PILOT_SLOTS = "pilot-slots";
    static final String LICENSE_REGISTRIES = "license-registries";

    private final PilotSlots slots;
    private final Clock clock;

    @Inject
    public MarketplaceSourceReconciler(PilotSlots slots) {
        this(slots, Clock.systemUTC());
    }

    MarketplaceSourceReconciler(PilotSlots slots, Clock clock) {
        this.slots = slots;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, MarketplaceSource>> prepareEventSources(EventSourceContext<MarketplaceSource> context) {
        return List.of(
                licenseTexts(context, ConfigMap.class, LICENSE_CONFIGMAPS, LicenseTextRef.Kind.ConfigMap),
                licenseTexts(context, Secret.class, LICENSE_SECRETS, LicenseTextRef.Kind.Secret),
                // A registry pin changed: wake the sources of its namespace that name a license list version.
                new InformerEventSource<>(InformerEventSourceConfiguration.from(LicenseRegistry.class, MarketplaceSource.class)
                        .withName(LICENSE_REGISTRIES)
                        .withSecondaryToPrimaryMapper(r -> context.getPrimaryCache()
                                .list(s -> Objects.equals(s.getMetadata().getNamespace(), r.getMetadata().getNamespace())
                                        && s.getSpec().getLicense().getListVersion() != null)
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(), context),
                // A change to any source may free a pilot slot: wake the sources waiting for one.
                new InformerEventSource<>(InformerEventSourceConfiguration.from(MarketplaceSource.class, MarketplaceSource.class)
                        .withName(PILOT_SLOTS)
                        .withSecondaryToPrimaryMapper(changed -> context.getPrimaryCache()
                                .list(s -> s.getStatus() != null && Conditions.find(s.getStatus().getConditions(), PilotSlots.LIVE)
                                        .map(c -> PilotSlots.CAP_REACHED.equals(c.getReason())).orElse(false))
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(), context));
    }

    private static <R extends HasMetadata> InformerEventSource<R, MarketplaceSource> licenseTexts(
            EventSourceContext<MarketplaceSource> context, Class<R> type, String name, LicenseTextRef.Kind kind) {
        return LicenseTexts.eventSource(context, type, MarketplaceSource.class, name, text -> context.getPrimaryCache()
                .list(s -> Objects.equals(s.getMetadata().getNamespace(), text.getMetadata().getNamespace())
                        && s.getSpec().getLicense().getTextRef().getKind() == kind
                        && Objects.equals(s.getSpec().getLicense().getTextRef().getName(), text.getMetadata().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<MarketplaceSource> reconcile(MarketplaceSource source, Context<MarketplaceSource> context) {
        if (Teardown.goingAway(source)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        Instant now = clock.instant();
        var decision = SourceAssessment.plan(source, licenseText(source, context), registryPin(source, context), now);
        var assessment = decision.next();
        // Count slots from the informer whose events wake waiting sources: when a holder's deletion wakes
        // us, that cache has already dropped it (the primary cache is a separate watch and may lag).
        var everySource = (InformerEventSource<MarketplaceSource, MarketplaceSource>) context.eventSourceRetriever()
                .getEventSourceFor(MarketplaceSource.class, PILOT_SLOTS);
        var live = slots.decide(source, assessment.vetted(), everySource.list());

        var previous = Optional.ofNullable(source.getStatus()).orElseGet(MarketplaceSourceStatus::new);
        var next = MarketplaceSourceStatusAggregator.build(source, assessment, live, clock);
        UpdateControl<MarketplaceSource> control = StatusWrites.writeIfChanged(source, next, context);
        if (!Objects.equals(previous.getLiveSince() != null, next.getLiveSince() != null)) {
            EventRecorder.record(context.getClient(), source, !live.live(), live.live() ? "SourceLive" : "SourceNotLive",
                    live.message(), clock);
        }

        // The DPIA verdict flips by itself at approvedAt / expiresAt: look again exactly then.
        decision.requeue().ifPresent(control::rescheduleAfter);
        return control;
    }

    @SuppressWarnings("unchecked")
    private static Optional<LicensePins.Lookup> registryPin(MarketplaceSource source, Context<MarketplaceSource> context) {
        var license = source.getSpec().getLicense();
        if (license.getListVersion() == null) {
            return Optional.empty();
        }
        var registries = (InformerEventSource<LicenseRegistry, MarketplaceSource>) context.eventSourceRetriever()
                .getEventSourceFor(LicenseRegistry.class, LICENSE_REGISTRIES);
        return Optional.of(LicensePins.find(registries.list(source.getMetadata().getNamespace()).toList(), license.getSpdx(),
                license.getListVersion()));
    }

    @SuppressWarnings("unchecked")
    private static LicenseText licenseText(MarketplaceSource source, Context<MarketplaceSource> context) {
        var secrets = (InformerEventSource<Secret, MarketplaceSource>) context.eventSourceRetriever()
                .getEventSourceFor(Secret.class, LICENSE_SECRETS);
        var configMaps = (InformerEventSource<ConfigMap, MarketplaceSource>) context.eventSourceRetriever()
                .getEventSourceFor(ConfigMap.class, LICENSE_CONFIGMAPS);
        return LicenseTexts.read(source.getSpec().getLicense().getTextRef(), source.getMetadata().getNamespace(),
                configMaps::get, secrets::get);
    }

    @Override
    public ErrorStatusUpdateControl<MarketplaceSource> updateErrorStatus(MarketplaceSource resource, Context<MarketplaceSource> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, MarketplaceSourceStatus::new, clock);
    }

}
