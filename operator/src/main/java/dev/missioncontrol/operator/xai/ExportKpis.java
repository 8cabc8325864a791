package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportSpec;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus.Kpi;
import java.util.List;
import java.util.Optional;

/**
 * The KPIs from the exporter's counters (docs/explanationexport.md#kpis), judged against spec.kpis. Pure.
 * <ul>
 * <li>coverage = delivered / (eligible - opted out), at least spec.kpis.coverage;</li>
 * <li>hintCoverage = explanations with a hint / explanations, at least spec.kpis.hintCoverage;</li>
 * <li>optOut = opted out / eligible, below spec.kpis.optOutBelow;</li>
 * <li>unbucketed = failed events in bucket unbucketed / eligible, below spec.kpis.unbucketedBelow.</li>
 * </ul>
 * No series, or fewer eligible events than spec.kpis.minimumEligible, is never a pass: NoData or NotEnoughData.
 */
public final class ExportKpis {

    public static final String COVERAGE = "coverage";
    public static final String HINT_COVERAGE = "hintCoverage";
    public static final String OPT_OUT = "optOut";
    public static final String UNBUCKETED = "unbucketed";

    public static final String MET = "Met";
    public static final String NOT_MET = "NotMet";
    public static final String NOT_ENOUGH_DATA = "NotEnoughData";
    public static final String NO_DATA = "NoData";

    /** The exporter's counters summed over its series; null where Prometheus has no series. */
    public record Counts(Long eligible, Long delivered, Long optedOut, Long unbucketed, Long explanations, Long hints, Long outcomes,
            Long inFlight) {

        public static Counts none() {
            return new Counts(null, null, null, null, null, null, null, null);
        }

        /** eligible - every terminal outcome - in flight; empty without data. */
        public Optional<Long> imbalance() {
            if (eligible == null || outcomes == null) {
                return Optional.empty();
            }
            return Optional.of(eligible - outcomes - (inFlight == null ? 0 : inFlight));
        }
    }

    private ExportKpis() {
    }

    public static List<Kpi> judge(Counts c, ExplanationExportSpec.Kpis targets) {
        long minimum = targets.minimumEligible();
        return List.of(
                atLeast(COVERAGE, ratio(c.delivered(), c.eligible() == null || c.optedOut() == null ? null : c.eligible() - c.optedOut()),
                        targets.coverage(), c.eligible(), minimum),
                atLeast(HINT_COVERAGE, ratio(c.hints(), c.explanations()), targets.hintCoverage(), c.eligible(), minimum),
                below(OPT_OUT, ratio(c.optedOut(), c.eligible()), targets.optOutBelow(), c.eligible(), minimum),
                below(UNBUCKETED, ratio(c.unbucketed(), c.eligible()), targets.unbucketedBelow(), c.eligible(), minimum));
    }

    /** A counter with no series yet in an exporter that reports others counts as zero; without eligible events nothing is known. */
    static Double ratio(Long part, Long whole) {
        if (whole == null || whole <= 0) {
            return null;
        }
        return (part == null ? 0L : part) / (double) whole;
    }

    private static Kpi atLeast(String name, Double value, double target, Long eligible, long minimum) {
        return new Kpi(name, value, target, verdict(value, eligible, minimum, value != null && value >= target), eligible);
    }

    private static Kpi below(String name, Double value, double target, Long eligible, long minimum) {
        return new Kpi(name, value, target, verdict(value, eligible, minimum, value != null && value < target), eligible);
    }

    private static String verdict(Double value, Long eligible, long minimum, boolean passes) {
        if (value == null || eligible == null) {
            return NO_DATA;
        }
        if (eligible < minimum) {
            return NOT_ENOUGH_DATA;
        }
        return passes ? MET : NOT_MET;
    }
}
