package dev.missioncontrol.operator.analysis;

import dev.missioncontrol.operator.api.v1alpha1.GateSpec;

/**
 * One threshold gate: its name in status, which way a value must compare with the threshold, the default
 * threshold (the CRD default, declared once on the gate's spec type), the default PromQL, and how values print.
 */
public record GateDefinition(String name, Comparison comparison, double defaultThreshold, String defaultQuery, ValueFormat format) {

    public GateDefinition(String name, Comparison comparison, String defaultThreshold, String defaultQuery, ValueFormat format) {
        this(name, comparison, Double.parseDouble(defaultThreshold), defaultQuery, format);
    }

    /** The threshold a gate's spec sets, or the default when the spec (or its threshold) is absent. */
    public double threshold(GateSpec spec) {
        return spec == null || spec.getThreshold() == null ? defaultThreshold : spec.getThreshold();
    }

    /** The PromQL a gate's spec sets, or the default query when the spec (or its query) is absent or blank. */
    public String queryTemplate(GateSpec spec) {
        return spec == null || spec.getQuery() == null || spec.getQuery().isBlank() ? defaultQuery : spec.getQuery();
    }

    public boolean passes(double value, double threshold) {
        return comparison.passes(value, threshold);
    }

    /** "<= 1.250 s": the bound a value must keep, as a person reads it. */
    public String bound(double threshold) {
        return comparison.symbol() + " " + format.threshold(threshold);
    }
}
