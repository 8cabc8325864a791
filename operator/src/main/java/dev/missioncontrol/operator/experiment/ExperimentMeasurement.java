package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.experiment.TenantCounts;
import java.util.List;
import java.util.Map;

/**
 * What one look at Prometheus found, since the experiment's start.
 *
 * @param counts every tenant's hits and lookups, with its recorded arm (tenants without series are absent)
 * @param servedArms tenant to the arm its series were labelled with by the search service (what flagd evaluated there)
 * @param p95SecondsByArm each arm's p95 latency over the guardrail window (arms without data are absent)
 * @param warmerQueriesByArm queries each arm's warmer sent in the last hour (arms without data are absent)
 * @param error null, or why Prometheus could not be read (nothing else is then meaningful)
 */
public record ExperimentMeasurement(List<TenantCounts> counts, Map<String, String> servedArms, Map<String, Double> p95SecondsByArm,
        Map<String, Double> warmerQueriesByArm, String error) {

    public static ExperimentMeasurement failed(String error) {
        return new ExperimentMeasurement(List.of(), Map.of(), Map.of(), Map.of(), error);
    }
}
