package dev.missioncontrol.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SampleRatioTestTest {

    @Test
    void pValuesMatchTheChiSquareDistribution() {
        // reference values: scipy.stats.chi2.sf
        assertThat(SpecialFunctions.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-9));
        assertThat(SpecialFunctions.chiSquareSurvival(10.827566170662733, 1)).isCloseTo(0.001, within(1e-9));
        assertThat(SpecialFunctions.chiSquareSurvival(5.991464547107979, 2)).isCloseTo(0.05, within(1e-9));
        assertThat(SpecialFunctions.chiSquareSurvival(1.0, 3)).isCloseTo(0.8012519569012009, within(1e-9));
    }

    @Test
    void fTailsMatchTheirClosedForms() {
        // F(2, d) has P(F > f) = (1 + 2f/d)^(-d/2); F(1, 2) is a squared t with 2 df: 1 - sqrt(f / (2 + f))
        for (double f : new double[] {0.3, 1, 4, 35.5, 400}) {
            for (int d : new int[] {1, 3, 6, 20}) {
                assertThat(SpecialFunctions.fSurvival(f, 2, d)).as("F(2,%d) > %s", d, f)
                        .isCloseTo(Math.pow(1 + 2 * f / d, -d / 2.0), within(1e-10));
            }
            assertThat(SpecialFunctions.fSurvival(f, 1, 2)).isCloseTo(1 - Math.sqrt(f / (2 + f)), within(1e-10));
        }
    }

    @Test
    void aSixtyFortySplitOfTenThousandLookupsUnderFiftyFiftyIsAMismatch() {
        var r = SampleRatioTest.test(List.of(new TenantCounts("x", "a", 0, 6000), new TenantCounts("y", "b", 0, 4000)),
                ordered("a", 50, "b", 50));
        assertThat(r.chiSquare()).isCloseTo(400.0, within(1e-9));
        assertThat(r.dispersion()).isEqualTo(1.0);
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        assertThat(r.mismatch()).isTrue();
        // the same split from tenants whose sizes differ wildly is not evidence of broken assignment
        var uneven = SampleRatioTest.test(List.of(new TenantCounts("x1", "a", 0, 5900), new TenantCounts("x2", "a", 0, 100),
                new TenantCounts("y1", "b", 0, 100), new TenantCounts("y2", "b", 0, 3900)), ordered("a", 50, "b", 50));
        assertThat(uneven.dispersion()).isGreaterThan(1000);
        assertThat(uneven.mismatch()).isFalse();
        // from tenants of one size it is
        var even = SampleRatioTest.test(List.of(new TenantCounts("x1", "a", 0, 1510), new TenantCounts("x2", "a", 0, 1490),
                new TenantCounts("x3", "a", 0, 1505), new TenantCounts("x4", "a", 0, 1495), new TenantCounts("y1", "b", 0, 995),
                new TenantCounts("y2", "b", 0, 1005), new TenantCounts("y3", "b", 0, 1000), new TenantCounts("y4", "b", 0, 1000)),
                ordered("a", 50, "b", 50));
        assertThat(even.dispersion()).isEqualTo(1.0);
        assertThat(even.mismatch()).isTrue();
    }

    @Test
    void aSplitAsAllocatedIsNot() {
        var r = SampleRatioTest.test(List.of(new TenantCounts("x", "a", 0, 5030), new TenantCounts("y", "b", 0, 2980),
                new TenantCounts("z", "c", 0, 1990)), ordered("a", 50, "b", 30, "c", 20));
        assertThat(r.degreesOfFreedom()).isEqualTo(2);
        assertThat(r.pValue()).isGreaterThan(0.1);
        assertThat(r.mismatch()).isFalse();
    }

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }
}
