package dev.missioncontrol.operator.federation.gates;

/** A threshold gate: how a measured value compares with its threshold, and how both read to a person. */
public interface Gate {

    String gateName();

    /** "<=", "<" or ">=", as shown in status. */
    String comparison();

    boolean passes(double value, double threshold);

    String format(double value);

    String formatThreshold(double threshold);
}
