package dev.missioncontrol.operator.licenseregistry;

import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistryStatus;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/**
 * Reports on a LicenseRegistry (its pin count). What the pins mean is decided by the kinds that consult them: a
 * FederationCohort watches the registries of its namespace and checks its indexes' license texts against them.
 */
@ControllerConfiguration(name = LicenseRegistryReconciler.NAME)
public class LicenseRegistryReconciler implements Reconciler<LicenseRegistry> {

    public static final String NAME = "licenseregistry";

    private final Clock clock;

    public LicenseRegistryReconciler() {
        this(Clock.systemUTC());
    }

    LicenseRegistryReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public UpdateControl<LicenseRegistry> reconcile(LicenseRegistry registry, Context<LicenseRegistry> context) {
        if (Teardown.goingAway(registry)) {
            return UpdateControl.noUpdate();
        }
        return StatusWrites.writeIfChanged(registry, LicenseRegistryStatusAggregator.build(registry, clock), context);
    }

    @Override
    public ErrorStatusUpdateControl<LicenseRegistry> updateErrorStatus(LicenseRegistry registry, Context<LicenseRegistry> context,
            Exception e) {
        return StatusWrites.reportError(registry, context, e, LicenseRegistryStatus::new, clock);
    }
}
