package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;

/** Metered against exported for one tenant and window. Pure. */
public final class DriftCheck {

    public static final VarianceVerdict WITHIN = VarianceVerdict.Within;
    public static final VarianceVerdict DRIFT = VarianceVerdict.Drift;
    public static final VarianceVerdict UNKNOWN = VarianceVerdict.Unknown;

    private DriftCheck() {
    }

    public static Variance compare(String window, String tenant, Double metered, double exported, double threshold) {
        if (metered == null || metered.isNaN()) {
            return new Variance(window, tenant, null, exported, null, UNKNOWN);
        }
        double variance = metered == 0.0 ? (exported == 0.0 ? 0.0 : 1.0) : Math.abs(exported - metered) / metered;
        double rounded = Math.round(variance * 1_000_000d) / 1_000_000d;
        return new Variance(window, tenant, round(metered), round(exported), rounded, variance > threshold ? DRIFT : WITHIN);
    }

    private static double round(double v) {
        return Math.round(v * 1000d) / 1000d;
    }
}
