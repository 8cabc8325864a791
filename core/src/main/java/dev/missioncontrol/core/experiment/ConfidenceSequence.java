package dev.missioncontrol.core.experiment;

/**
 * An always-valid confidence interval for the difference of two hit ratios: the normal-mixture sequential probability
 * ratio test of Johari, Koomen, Pekelis and Walsh ("Always Valid Inference: Continuous Monitoring of A/B Tests",
 * Operations Research 2022; see also Robbins 1970 and Howard et al., "Time-uniform, nonparametric, nonasymptotic
 * confidence sequences", 2021), inverted into an interval.
 *
 * <p>With the estimate {@code d} (treatment minus control) and its variance {@code v}, the mixture likelihood ratio
 * against a difference {@code theta}, mixing over differences drawn from N(theta, tau^2), is
 * {@code sqrt(v / (v + tau^2)) * exp(tau^2 (d - theta)^2 / (2 v (v + tau^2)))}. It is a nonnegative martingale under
 * the true theta, so by Ville's inequality it exceeds {@code 1/alpha} at ANY time with probability at most alpha. The
 * interval is every theta it has not exceeded {@code 1/alpha} for; it may therefore be read after every interval, as
 * often as one likes, and still misses the true difference at any time with probability at most alpha. A
 * fixed-horizon interval read as often would miss far more often (the peeking problem); the price here is an interval
 * somewhat wider at any one time.
 */
public final class ConfidenceSequence {

    private ConfidenceSequence() {
    }

    /** A closed interval of differences in hit ratio (as ratios: 0.02 is two percentage points). */
    public record Interval(double lower, double upper) {

        public static final Interval UNBOUNDED = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        public boolean bounded() {
            return Double.isFinite(lower) && Double.isFinite(upper);
        }

        public boolean contains(double x) {
            return lower <= x && x <= upper;
        }
    }

    /**
     * @param difference the estimated difference d
     * @param variance the variance of the estimate (of d)
     * @param alpha the error rate, in (0, 1)
     * @param tau the mixing standard deviation: the size of difference the test is most sensitive to
     */
    public static Interval normalMixture(double difference, double variance, double alpha, double tau) {
        if (!(alpha > 0 && alpha < 1) || !(tau > 0)) {
            throw new IllegalArgumentException("alpha must be in (0,1) and tau above 0");
        }
        if (!Double.isFinite(difference) || !Double.isFinite(variance) || variance <= 0) {
            return Interval.UNBOUNDED;
        }
        double tau2 = tau * tau;
        double halfWidth = Math.sqrt(variance * (variance + tau2) / tau2
                * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
        return new Interval(difference - halfWidth, difference + halfWidth);
    }
}
