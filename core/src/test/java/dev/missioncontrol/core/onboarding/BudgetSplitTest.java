package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BudgetSplitTest {

    private static final Amounts NO_MINIMUM = Amounts.ZERO;

    @Test
    void tenPodsOverTwoNamespacesGiveFiveEachAndQuotaHardIsSorted() {
        Amounts budget = new Budget(10, "4", "8Gi", "100Gi", 1000).amounts("spec.budget").amounts();
        var result = BudgetSplit.split(budget, List.of(new BudgetSplit.Target("t1-web", 1), new BudgetSplit.Target("t1-api", 1)),
                NO_MINIMUM, "spec.budget");
        assertThat(result.problems()).isEmpty();
        assertThat(result.shares()).extracting(BudgetSplit.Share::namespace).containsExactly("t1-api", "t1-web");
        assertThat(result.shares().get(0).amounts()).isEqualTo(new Amounts(5, 2000, 4L << 30, 50L << 30, 500));
        assertThat(result.shares().get(0).amounts().quotaHard()).containsExactly(
                entry("limits.cpu", "2"), entry("limits.memory", "4Gi"), entry("pods", "5"),
                entry("requests.cpu", "2"), entry("requests.memory", "4Gi"), entry("requests.storage", "50Gi"));
        assertThat(result.allocated()).isEqualTo(budget);
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }

    @Test
    void remainderGoesToLargestFractionThenByNameAndSubGranuleStaysUnallocated() {
        // 7 pods over 3 equal namespaces: 2 each, one left over goes to the first by name
        Amounts budget = new Amounts(7, 1000, Quantities.MI * 2 + 5, 0, 10);
        var result = BudgetSplit.split(budget, List.of(new BudgetSplit.Target("c", 1), new BudgetSplit.Target("a", 1),
                new BudgetSplit.Target("b", 1)), NO_MINIMUM, "spec.budget");
        assertThat(result.shares()).extracting(s -> s.amounts().pods()).containsExactly(3L, 2L, 2L);
        assertThat(result.shares()).extracting(s -> s.amounts().cpuMillis()).containsExactly(334L, 333L, 333L);
        assertThat(result.shares()).extracting(s -> s.amounts().memoryBytes()).containsExactly(Quantities.MI, Quantities.MI, 0L);
        assertThat(result.unallocated().memoryBytes()).isEqualTo(5);
        assertThat(result.shares()).extracting(s -> s.amounts().meteringUnitsPerMonth()).containsExactly(4L, 3L, 3L);
    }

    @Test
    void weightsSplitProportionallyOnTopOfTheMinimum() {
        Amounts min = new Amounts(1, 100, 0, 0, 0);
        var result = BudgetSplit.split(new Amounts(11, 1300, 0, 0, 0),
                List.of(new BudgetSplit.Target("big", 3), new BudgetSplit.Target("small", 1)), min, "spec.budget");
        // 9 pods beyond the minimum: 3/4 -> 6.75, 1/4 -> 2.25; floors 6 + 2, the spare pod to the larger fraction (big)
        assertThat(result.shares()).extracting(s -> s.amounts().pods()).containsExactly(8L, 3L);
        assertThat(result.shares()).extracting(s -> s.amounts().cpuMillis()).containsExactly(925L, 375L);
    }

    @Test
    void refusesABudgetBelowThePackMinimumNamingEachField() {
        Amounts min = new Amounts(2, 500, Quantities.MI * 256, 0, 0);
        var result = BudgetSplit.split(new Amounts(3, 1000, Quantities.MI * 256, 0, 0),
                List.of(new BudgetSplit.Target("a", 1), new BudgetSplit.Target("b", 1)), min, "spec.budget");
        assertThat(result.ok()).isFalse();
        assertThat(result.shares()).isEmpty();
        assertThat(result.problems()).extracting(OnboardingProblem::field).containsExactly("spec.budget.pods", "spec.budget.memory");
        assertThat(result.problems()).allMatch(p -> p.reason().equals("BudgetBelowPackMinimum"));
        assertThat(result.problems().get(0).message()).contains("is 3", "at least 2", "4 in all", "raise spec.budget.pods");
        assertThat(result.problems().get(1).message()).contains("512Mi in all");
    }

    @Test
    void aBudgetOfExactlyTheMinimumIsAcceptedAndOneUnitLessIsNot() {
        Amounts min = new Amounts(2, 500, Quantities.MI * 256, Quantities.MI, 10);
        var targets = List.of(new BudgetSplit.Target("a", 1), new BudgetSplit.Target("b", 3));
        var exact = BudgetSplit.split(new Amounts(4, 1000, Quantities.MI * 512, Quantities.MI * 2, 20), targets, min, "spec.budget");
        assertThat(exact.problems()).isEmpty();
        assertThat(exact.shares()).extracting(BudgetSplit.Share::amounts).containsExactly(min, min);
        var less = BudgetSplit.split(new Amounts(4, 999, Quantities.MI * 512, Quantities.MI * 2, 20), targets, min, "spec.budget");
        assertThat(less.problems()).extracting(OnboardingProblem::field).containsExactly("spec.budget.cpu");
    }

    @Test
    void noNamespacesIsAProblemAndDuplicatesAreRefused() {
        assertThat(BudgetSplit.split(new Amounts(1, 1, 1, 1, 1), List.of(), NO_MINIMUM, "b").problems())
                .extracting(OnboardingProblem::reason).containsExactly("NoNamespaces");
        assertThatThrownBy(() -> BudgetSplit.split(new Amounts(1, 1, 1, 1, 1),
                List.of(new BudgetSplit.Target("a", 1), new BudgetSplit.Target("a", 1)), NO_MINIMUM, "b"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new BudgetSplit.Target("a", 0)).hasMessageContaining("at least 1");
    }

    @Test
    void propertySumNeverExceedsBudgetEachShareAtLeastTheMinimumAndLessThanOneGranuleIsLeft() {
        Random random = new Random(15);
        for (int run = 0; run < 5000; run++) {
            int n = 1 + random.nextInt(8);
            Amounts min = new Amounts(random.nextInt(3), random.nextInt(200), random.nextInt(3) * Quantities.MI + random.nextInt(1000),
                    random.nextInt(2) * Quantities.MI, random.nextInt(5));
            long[] extra = {random.nextInt(500), Math.abs(random.nextLong() % 1_000_000_000L), Math.abs(random.nextLong() % (1L << 45)),
                    Math.abs(random.nextLong() % (1L << 50)), random.nextInt(1_000_000)};
            Amounts budget = new Amounts(min.pods() * n + extra[0], min.cpuMillis() * n + extra[1], min.memoryBytes() * n + extra[2],
                    min.storageBytes() * n + extra[3], min.meteringUnitsPerMonth() * n + extra[4]);
            List<BudgetSplit.Target> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add(new BudgetSplit.Target("ns-" + random.nextInt(1_000_000) + "-" + i, 1 + random.nextInt(5)));
            }
            var result = BudgetSplit.split(budget, targets, min, "spec.budget");
            assertThat(result.problems()).as("run %d", run).isEmpty();
            assertThat(result.shares()).hasSize(n);
            Amounts sum = result.allocated();
            assertThat(sum.fitsIn(budget)).as("run %d: %s within %s", run, sum, budget).isTrue();
            assertThat(sum.plus(result.unallocated())).as("run %d", run).isEqualTo(budget);
            assertThat(result.unallocated().pods() + result.unallocated().cpuMillis() + result.unallocated().meteringUnitsPerMonth()).isZero();
            assertThat(result.unallocated().memoryBytes()).isLessThan(Quantities.MI);
            assertThat(result.unallocated().storageBytes()).isLessThan(Quantities.MI);
            for (var share : result.shares()) {
                assertThat(min.fitsIn(share.amounts())).as("run %d: %s at least %s", run, share, min).isTrue();
            }
            // below the minimum by one unit of any resource is refused
            if (n > 1 && min.pods() > 0) {
                Amounts tooSmall = new Amounts(min.pods() * n - 1, budget.cpuMillis(), budget.memoryBytes(), budget.storageBytes(),
                        budget.meteringUnitsPerMonth());
                assertThat(BudgetSplit.split(tooSmall, targets, min, "spec.budget").problems())
                        .extracting(OnboardingProblem::field).containsExactly("spec.budget.pods");
            }
        }
    }

    @Test
    void budgetFieldsAreParsedExactlyOrNamed() {
        var parsed = new Budget(-1, "1.5", "0.5", "1Mx", -2).amounts("spec.budget");
        assertThat(parsed.amounts()).isNull();
        assertThat(parsed.problems()).extracting(OnboardingProblem::field)
                .containsExactly("spec.budget.pods", "spec.budget.meteringUnitsPerMonth", "spec.budget.memory", "spec.budget.storage");
        assertThat(parsed.problems().get(2).message()).contains("'0.5' is not a whole number of bytes");
        assertThat(new Budget(1, "1.5", "1.5Gi", "1G", 0).amounts("b").amounts())
                .isEqualTo(new Amounts(1, 1500, 1536L * Quantities.MI, 1_000_000_000L, 0));
        assertThat(Quantities.formatBytes(1536L * Quantities.MI)).isEqualTo("1536Mi");
        assertThat(Quantities.formatBytes(1000)).isEqualTo("1000");
        assertThat(Quantities.formatMillis(1500)).isEqualTo("1500m");
        assertThat(Quantities.millis("250m")).isEqualTo(250);
        assertThatThrownBy(() -> Quantities.millis("0.1m")).hasMessageContaining("whole number of millicores");
        assertThatThrownBy(() -> Quantities.bytes("1e3")).hasMessageContaining("not a Kubernetes quantity");
    }
}
