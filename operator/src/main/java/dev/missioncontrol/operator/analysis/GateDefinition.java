package dev.missioncontrol.operator.analysis;

/**
 * One threshold gate: its name in status, which way a value must compare with the threshold, the default
 * threshold (the CRD default, declared once on the gate's spec type), the default PromQL, and how values print.
 */
public record GateDefinition(String name, Comparison comparison, double defaultThreshold, String defaultQuery, ValueFormat format) {

    public GateDefinition(String name, Comparison comparison, String defaultThreshold, String defaultQuery, ValueFormat format) {
        this(name, comparison, Double.parseDouble(defaultThreshold), defaultQuery, format);
    }

    public boolean passes(double value, double threshold) {
        return comparison.passes(value, threshold);
    }

    /** "<= 1.250 s": the bound a value must keep, as a person reads it. */
    public String bound(double threshold) {
        return comparison.symbol() + " " + format.threshold(threshold);
    }
}
