package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackStatus;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
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
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Reports whether a pack renders (its own fields, checked with a probe tenant) and how many onboardings use it. */
@ControllerConfiguration(name = OnboardingPackReconciler.NAME)
public class OnboardingPackReconciler implements Reconciler<OnboardingPack> {

    public static final String NAME = "onboardingpack";

    private final Clock clock;

    public OnboardingPackReconciler() {
        this(Clock.systemUTC());
    }

    OnboardingPackReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, OnboardingPack>> prepareEventSources(EventSourceContext<OnboardingPack> context) {
        var onboardings = InformerEventSourceConfiguration.from(TenantOnboarding.class, OnboardingPack.class)
                .withName("onboardings")
                .withSecondaryToPrimaryMapper(t -> t.getSpec() == null || t.getSpec().getPackRef() == null ? Set.of()
                        : Set.of(new ResourceID(t.getSpec().getPackRef().getName())))
                .build();
        return List.of(new InformerEventSource<>(onboardings, context));
    }

    @Override
    public UpdateControl<OnboardingPack> reconcile(OnboardingPack pack, Context<OnboardingPack> context) {
        if (Teardown.goingAway(pack)) {
            return UpdateControl.noUpdate();
        }
        int tenants = (int) context.getSecondaryResources(TenantOnboarding.class).stream().count();
        return StatusWrites.writeIfChanged(pack, OnboardingPackStatusAggregator.build(pack, PackConversion.pack(pack), tenants, clock), context);
    }

    @Override
    public ErrorStatusUpdateControl<OnboardingPack> updateErrorStatus(OnboardingPack pack, Context<OnboardingPack> context, Exception e) {
        return StatusWrites.reportError(pack, context, e, OnboardingPackStatus::new, clock);
    }
}
