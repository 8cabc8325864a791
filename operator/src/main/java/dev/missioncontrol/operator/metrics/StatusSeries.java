package dev.missioncontrol.operator.metrics;

import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/** The series several kinds write into (a family may appear only once per scrape): phases and gates. */
public final class StatusSeries {

    final GaugeMetricFamily phase = new GaugeMetricFamily("missioncontrol_resource_phase",
            "1 for the phase each resource is in (FederationCohort, PredictiveRollout, ConnectRequest)",
            List.of("kind", "namespace", "name", "phase"));
    final GaugeMetricFamily gateValue = new GaugeMetricFamily("missioncontrol_gate_value",
            "Last measured value of a gate (tenant is empty for a cohort's gates, measured over its enabled tenants)",
            List.of("kind", "namespace", "name", "gate", "tenant"));
    final GaugeMetricFamily gateVerdict = new GaugeMetricFamily("missioncontrol_gate_verdict",
            "1 for the last verdict of a gate (Passed, Failed, Inconclusive), 0 for the others",
            List.of("kind", "namespace", "name", "gate", "tenant", "verdict"));

    /** Labels namespace and name, the ones most per-kind series carry. */
    public static final List<String> NAMED = List.of("namespace", "name");

    public void phase(String kind, String ns, String name, String phaseName, boolean current) {
        phase.addMetric(List.of(kind, ns, name, phaseName), current ? 1 : 0);
    }

    public void gate(String kind, String ns, String name, String gate, String tenant, Double measured, GateVerdictType current) {
        if (measured != null) {
            gateValue.addMetric(List.of(kind, ns, name, gate, tenant), measured);
        }
        for (GateVerdictType v : GateVerdictType.values()) {
            gateVerdict.addMetric(List.of(kind, ns, name, gate, tenant, v.name()), v == current ? 1 : 0);
        }
    }

    List<MetricFamilySamples> families() {
        return List.of(phase, gateValue, gateVerdict);
    }
}
