package dev.missioncontrol.operator.analysis;

import java.util.Locale;

/** How a gate's measured value and its threshold read to a person: "p95 1.975 s" and "1.250 s", or "complaint rate 2.00 %" and "1.50 %". */
public record ValueFormat(String label, Unit unit, boolean signed) {

    public enum Unit {
        /** The value is in seconds. */
        SECONDS,
        /** The value is a ratio (0.015) shown as a percentage (1.50 %). */
        PERCENT
    }

    public static ValueFormat seconds(String label) {
        return new ValueFormat(label, Unit.SECONDS, false);
    }

    public static ValueFormat percent(String label) {
        return new ValueFormat(label, Unit.PERCENT, false);
    }

    /** A percentage with its sign, for uplifts that may be negative. */
    public static ValueFormat signedPercent(String label) {
        return new ValueFormat(label, Unit.PERCENT, true);
    }

    public String value(double value) {
        return label + " " + number(value, signed);
    }

    public String threshold(double threshold) {
        return number(threshold, false);
    }

    private String number(double value, boolean withSign) {
        return switch (unit) {
            case SECONDS -> String.format(Locale.ROOT, withSign ? "%+.3f s" : "%.3f s", value);
            case PERCENT -> String.format(Locale.ROOT, withSign ? "%+.2f %%" : "%.2f %%", value * 100);
        };
    }
}
