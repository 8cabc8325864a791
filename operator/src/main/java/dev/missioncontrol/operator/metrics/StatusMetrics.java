package dev.missioncontrol.operator.metrics;

import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Rollback;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.Controller;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Per-resource metrics read from the informer caches (that is, from status) at every scrape. */
class StatusMetrics extends Collector {

    private static final List<String> NAMED = List.of("namespace", "name");

    private final List<Controller<? extends HasMetadata>> controllers;

    StatusMetrics(List<Controller<? extends HasMetadata>> controllers) {
        this.controllers = controllers;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        var phase = new GaugeMetricFamily("missioncontrol_resource_phase",
                "1 for the phase each resource is in (FederationCohort, PredictiveRollout, ConnectRequest)",
                List.of("kind", "namespace", "name", "phase"));
        var gateValue = new GaugeMetricFamily("missioncontrol_gate_value",
                "Last measured value of a gate (tenant is empty for a cohort's gates, measured over its enabled tenants)",
                List.of("kind", "namespace", "name", "gate", "tenant"));
        var gateVerdict = new GaugeMetricFamily("missioncontrol_gate_verdict",
                "1 for the last verdict of a gate (Passed, Failed, Inconclusive), 0 for the others",
                List.of("kind", "namespace", "name", "gate", "tenant", "verdict"));
        var fallback = new GaugeMetricFamily("missioncontrol_federation_fallback_active",
                "1 while a cohort is fallen back to single-index mode", NAMED);
        var fallbacks = new CounterMetricFamily("missioncontrol_federation_fallbacks",
                "Times a cohort fell back to single-index mode (from status.fallbackCount)", NAMED);
        var enabled = new GaugeMetricFamily("missioncontrol_federation_enabled_tenants",
                "Tenants of a cohort in federated mode now", NAMED);
        var rollbacks = new CounterMetricFamily("missioncontrol_predictive_rollbacks",
                "Tenants rolled back by a predictive rollout (from status.rollbackCount)", NAMED);
        var rollbackTime = new GaugeMetricFamily("missioncontrol_predictive_rollback_timestamp_seconds",
                "When a tenant was last rolled back, per gate", List.of("namespace", "name", "tenant", "gate"));
        var variance = new GaugeMetricFamily("missioncontrol_metering_variance_ratio",
                "|exported - metered| / metered for the newest checked window of each tenant", List.of("namespace", "name", "tenant"));
        var late = new GaugeMetricFamily("missioncontrol_metering_late_windows",
                "Windows past their grace period without an export", NAMED);
        var exports = new CounterMetricFamily("missioncontrol_metering_exports",
                "Usage exports recorded (receipts, one per tenant and window)", NAMED);
        var budget = new GaugeMetricFamily("missioncontrol_slo_error_budget_remaining_ratio",
                "Share of the error budget left over the SLO period (negative when overspent)", List.of("namespace", "name", "service"));

        for (var controller : controllers) {
            for (HasMetadata resource : resources(controller)) {
                String ns = resource.getMetadata().getNamespace();
                String name = resource.getMetadata().getName();
                if (resource instanceof FederationCohort fc && fc.getStatus() != null) {
                    var status = fc.getStatus();
                    for (RolloutPhase p : RolloutPhase.values()) {
                        phase.addMetric(List.of("FederationCohort", ns, name, p.name()), p == status.getPhase() ? 1 : 0);
                    }
                    fallback.addMetric(List.of(ns, name), status.getPhase() == RolloutPhase.FallenBack ? 1 : 0);
                    fallbacks.addMetric(List.of(ns, name), Optional.ofNullable(status.getFallbackCount()).orElse(0));
                    enabled.addMetric(List.of(ns, name), Optional.ofNullable(status.getEnabledTenants()).map(List::size).orElse(0));
                    for (GateStatus gate : Optional.ofNullable(status.getGates()).orElse(List.of())) {
                        gate(gateValue, gateVerdict, "FederationCohort", ns, name, gate.name(), "", gate.value(), gate.verdict());
                    }
                } else if (resource instanceof PredictiveRollout pr && pr.getStatus() != null) {
                    var status = pr.getStatus();
                    if (status.getPhase() != null) {
                        phase.addMetric(List.of("PredictiveRollout", ns, name, status.getPhase()), 1);
                    }
                    status.getGates().forEach(g -> gate(gateValue, gateVerdict, "PredictiveRollout", ns, name, g.gate(), g.tenant(),
                            g.value(), g.verdict()));
                    rollbacks.addMetric(List.of(ns, name), Optional.ofNullable(status.getRollbackCount()).orElse(0));
                    Map<List<String>, Instant> newest = new LinkedHashMap<>();
                    for (Rollback r : status.getRollbacks()) {
                        if (r.time() != null) {
                            newest.merge(List.of(ns, name, r.tenant(), r.gate()), Instant.parse(r.time()),
                                    (a, b) -> a.isAfter(b) ? a : b);
                        }
                    }
                    newest.forEach((labels, t) -> rollbackTime.addMetric(labels, t.getEpochSecond()));
                } else if (resource instanceof ConnectRequest cr && cr.getStatus() != null && cr.getStatus().getPhase() != null) {
                    phase.addMetric(List.of("ConnectRequest", ns, name, cr.getStatus().getPhase().name()), 1);
                } else if (resource instanceof MeteringRotation mr && mr.getStatus() != null) {
                    var status = mr.getStatus();
                    status.getVariances().stream().filter(v -> v.variance() != null)
                            .collect(Collectors.toMap(Variance::tenant, v -> v, (a, b) -> a.window().compareTo(b.window()) >= 0 ? a : b))
                            .values().stream().sorted(Comparator.comparing(Variance::tenant))
                            .forEach(v -> variance.addMetric(List.of(ns, name, v.tenant()), v.variance()));
                    late.addMetric(List.of(ns, name), status.getLateWindows().size());
                    exports.addMetric(List.of(ns, name), Optional.ofNullable(status.getReceiptCount()).orElse(0));
                } else if (resource instanceof SearchSLO slo && slo.getStatus() != null
                        && slo.getStatus().getErrorBudgetRemaining() != null) {
                    budget.addMetric(List.of(ns, name, slo.getSpec().getService()), slo.getStatus().getErrorBudgetRemaining());
                }
            }
        }
        return List.of(phase, gateValue, gateVerdict, fallback, fallbacks, enabled, rollbacks, rollbackTime, variance, late, exports, budget);
    }

    /** The controller's cached primaries; none while it is still starting (a scrape must never fail). */
    private static List<? extends HasMetadata> resources(Controller<? extends HasMetadata> controller) {
        try {
            return controller.getEventSourceManager().getControllerEventSource().list().toList();
        } catch (RuntimeException notStartedYet) {
            return List.of();
        }
    }

    private static void gate(GaugeMetricFamily value, GaugeMetricFamily verdict, String kind, String ns, String name, String gate,
            String tenant, Double measured, GateVerdictType current) {
        if (measured != null) {
            value.addMetric(List.of(kind, ns, name, gate, tenant), measured);
        }
        for (GateVerdictType v : GateVerdictType.values()) {
            verdict.addMetric(List.of(kind, ns, name, gate, tenant, v.name()), v == current ? 1 : 0);
        }
    }
}
