package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.common.Conditions;
import java.time.Clock;
import java.util.Optional;

/** The one place that decides a FederationCohort's status from what was observed. */
public final class FederationCohortStatusBuilder {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";

    private FederationCohortStatusBuilder() {
    }

    public static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, Clock clock) {
        var previous = Optional.ofNullable(cohort.getStatus()).orElseGet(FederationCohortStatus::new);
        long generation = Optional.ofNullable(cohort.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(previous.getConditions(), generation, clock);
        if (gateway.available()) {
            conditions.set(READY, true, "GatewayAvailable",
                    "Federated search gateway is serving " + cohort.getSpec().getTenants().size() + " tenant(s). "
                            + gateway.message());
            conditions.set(PROGRESSING, false, "RolloutComplete", gateway.message());
        } else if (gateway.failed()) {
            conditions.set(READY, false, gateway.reason(), gateway.message());
            conditions.set(PROGRESSING, false, gateway.reason(), gateway.message());
        } else {
            conditions.set(READY, false, gateway.reason(), gateway.message());
            conditions.set(PROGRESSING, true, gateway.reason(), gateway.message());
        }
        var next = new FederationCohortStatus();
        next.setObservedGeneration(generation);
        next.setTenantCount(cohort.getSpec().getTenants().size());
        next.setAvailableReplicas(gateway.availableReplicas());
        next.setConditions(conditions.build());
        return next;
    }

    /** Status after the reconciler itself failed: keeps what was known, says why it stopped. */
    public static FederationCohortStatus failed(FederationCohort cohort, Exception error, Clock clock) {
        var previous = Optional.ofNullable(cohort.getStatus()).orElseGet(FederationCohortStatus::new);
        long generation = Optional.ofNullable(cohort.getMetadata().getGeneration()).orElse(0L);
        String message = "Reconciliation failed and will be retried: " + rootMessage(error);
        var conditions = new Conditions(previous.getConditions(), generation, clock)
                .set(READY, false, "ReconcileError", message)
                .set(PROGRESSING, true, "ReconcileError", message);
        var next = new FederationCohortStatus();
        next.setObservedGeneration(previous.getObservedGeneration());
        next.setTenantCount(previous.getTenantCount());
        next.setAvailableReplicas(previous.getAvailableReplicas());
        next.setConditions(conditions.build());
        return next;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 512 ? message.substring(0, 512) + "…" : message;
    }
}
