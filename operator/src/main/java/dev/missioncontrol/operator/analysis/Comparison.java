package dev.missioncontrol.operator.analysis;

/** How a measured value must compare with a gate's threshold to pass, and how that reads in status ("<=", "<", ">="). */
public enum Comparison {

    AT_MOST("<=") {
        @Override
        public boolean passes(double value, double threshold) {
            return value <= threshold;
        }
    },
    BELOW("<") {
        @Override
        public boolean passes(double value, double threshold) {
            return value < threshold;
        }
    },
    AT_LEAST(">=") {
        @Override
        public boolean passes(double value, double threshold) {
            return value >= threshold;
        }
    };

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public abstract boolean passes(double value, double threshold);

    /** The operator as shown in status and messages. */
    public String symbol() {
        return symbol;
    }
}
