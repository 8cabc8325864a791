package dev.missioncontrol.operator.status;

import dev.missioncontrol.operator.alerts.AlertingCondition;
import dev.missioncontrol.operator.api.v1alpha1.KindStatus;
import dev.missioncontrol.operator.common.ReconcileErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What every kind's status aggregator does the same way: read the generation, start the conditions from the
 * previous ones (so lastTransitionTime survives an unchanged verdict), and finish with Reconciled=True, the
 * Alerting condition for kinds that generate alert rules, Ready (with Reconciling or Stalled, see {@link Readiness}) as
 * the kind decided it, observedGeneration and the conditions.
 */
public final class StatusAggregation {

    /** Where a kind's alert rules went; NONE for kinds that generate none. */
    public enum AlertRules {
        NONE, IN_PROMETHEUS_RULE, IN_CONFIG_MAP;

        public static AlertRules of(boolean prometheusRuleCrdInstalled) {
            return prometheusRuleCrdInstalled ? IN_PROMETHEUS_RULE : IN_CONFIG_MAP;
        }
    }

    private StatusAggregation() {
    }

    public static long generation(HasMetadata resource) {
        return Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    }

    /** Conditions for the next status of {@code resource}, keeping transition times from {@code previous}. */
    public static Conditions conditions(HasMetadata resource, KindStatus previous, Clock clock) {
        List<io.fabric8.kubernetes.api.model.Condition> before = previous == null ? null : previous.getConditions();
        return new Conditions(before, generation(resource), clock);
    }

    /**
     * Sets Reconciled=True, where the kind has alert rules Alerting, and Ready as the kind decided it; then observedGeneration
     * and the conditions. Every kind ends here, so every kind has Ready.
     */
    public static <S extends KindStatus> S complete(HasMetadata resource, S next, Conditions conditions, AlertRules alertRules,
            Readiness readiness) {
        conditions.set(ReconcileErrors.RECONCILED, true, "Success", "The last reconciliation went through.");
        readiness.setOn(conditions);
        if (alertRules != AlertRules.NONE) {
            var alerting = AlertingCondition.of(resource, alertRules == AlertRules.IN_PROMETHEUS_RULE);
            conditions.set(AlertingCondition.TYPE, true, alerting.reason(), alerting.message());
        }
        next.setObservedGeneration(generation(resource));
        next.setConditions(conditions.build());
        return next;
    }
}
