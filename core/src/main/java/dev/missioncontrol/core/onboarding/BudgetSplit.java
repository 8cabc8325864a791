package dev.missioncontrol.core.onboarding;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Splits a tenant's budget into per-namespace ResourceQuota shares whose sum never exceeds the budget, so the API
 * server's own quota admission enforces the budget atomically (no namespace holds a copy of the whole budget).
 *
 * <p>Per resource, with integer arithmetic only (pods, millicores, bytes, units):
 * <ol>
 * <li>every namespace first gets the pack's per-namespace minimum; a budget below {@code minimum x namespaces} is
 * refused ({@code BudgetBelowPackMinimum}, naming the field and the amount needed);</li>
 * <li>the rest is counted in granules (1 pod, 1 millicore, 1 Mi of memory or storage, 1 metering unit) and each
 * namespace gets {@code floor(granules x weight / totalWeight)};</li>
 * <li>the granules left by the floors (fewer than the namespace count) go one each to the namespaces with the largest
 * fractional remainder, ties broken by namespace name (largest-remainder method, deterministic);</li>
 * <li>what is smaller than one granule (bytes below 1 Mi) stays unallocated and is reported, never rounded up.</li>
 * </ol>
 * So {@code sum(shares) <= budget} and {@code budget - sum(shares) < 1 granule} per resource.
 */
public final class BudgetSplit {

    /** The granule of each position of {@link Amounts#toArray}. */
    private static final long[] GRANULE = {1, 1, Quantities.MI, Quantities.MI, 1};

    private BudgetSplit() {
    }

    /** A namespace to split into and its weight (a positive integer; equal weights give equal shares). */
    public record Target(String namespace, int weight) {

        public Target {
            Objects.requireNonNull(namespace, "namespace");
            if (weight < 1) {
                throw new IllegalArgumentException("weight of " + namespace + " must be at least 1, got " + weight);
            }
        }
    }

    /** One namespace's share. */
    public record Share(String namespace, Amounts amounts) {
    }

    /** The shares sorted by namespace, what stayed unallocated, or the problems (then no shares). */
    public record Result(List<Share> shares, Amounts unallocated, List<OnboardingProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }

        public Amounts allocated() {
            return shares.stream().map(Share::amounts).reduce(Amounts.ZERO, Amounts::plus);
        }
    }

    /**
     * Splits {@code budget} over {@code targets}. {@code minimumPerNamespace} is the pack's floor for every namespace;
     * {@code fieldPrefix} names the budget in problems ({@code spec.budget}).
     */
    public static Result split(Amounts budget, List<Target> targets, Amounts minimumPerNamespace, String fieldPrefix) {
        List<Target> sorted = new ArrayList<>(targets);
        sorted.sort(Comparator.comparing(Target::namespace));
        if (sorted.isEmpty()) {
            return new Result(List.of(), budget, List.of(new OnboardingProblem(fieldPrefix, "NoNamespaces",
                    "the pack renders no namespace to split the budget into; add a namespace to the pack")));
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).namespace().equals(sorted.get(i - 1).namespace())) {
                throw new IllegalArgumentException("namespace " + sorted.get(i).namespace() + " is listed twice");
            }
        }
        int n = sorted.size();
        long[] total = budget.toArray();
        long[] min = minimumPerNamespace.toArray();
        List<OnboardingProblem> problems = new ArrayList<>();
        for (int r = 0; r < total.length; r++) {
            BigInteger needed = BigInteger.valueOf(min[r]).multiply(BigInteger.valueOf(n));
            if (BigInteger.valueOf(total[r]).compareTo(needed) < 0) {
                String field = fieldPrefix + "." + Amounts.FIELDS.get(r);
                problems.add(new OnboardingProblem(field, "BudgetBelowPackMinimum", "is " + show(r, total[r])
                        + " but the pack needs at least " + show(r, min[r]) + " in each of its " + n + " namespaces, "
                        + show(r, needed.longValueExact()) + " in all; raise " + field + " or choose a smaller pack"));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(List.of(), budget, List.copyOf(problems));
        }
        long[][] shares = new long[n][total.length];
        long[] unallocated = new long[total.length];
        long weightSum = sorted.stream().mapToLong(Target::weight).sum();
        for (int r = 0; r < total.length; r++) {
            long rest = total[r] - min[r] * n;
            long granules = rest / GRANULE[r];
            unallocated[r] = rest % GRANULE[r];
            BigInteger g = BigInteger.valueOf(granules);
            long given = 0;
            long[] remainder = new long[n];
            for (int i = 0; i < n; i++) {
                BigInteger[] qr = g.multiply(BigInteger.valueOf(sorted.get(i).weight())).divideAndRemainder(BigInteger.valueOf(weightSum));
                shares[i][r] = qr[0].longValueExact();
                remainder[i] = qr[1].longValueExact();
                given += shares[i][r];
            }
            long left = granules - given;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            // largest remainder first; the sort is stable, so ties keep namespace order
            order.sort(Comparator.comparingLong((Integer i) -> remainder[i]).reversed());
            for (int k = 0; k < left; k++) {
                shares[order.get(k)][r]++;
            }
            for (int i = 0; i < n; i++) {
                shares[i][r] = min[r] + shares[i][r] * GRANULE[r];
            }
        }
        List<Share> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Share(sorted.get(i).namespace(), Amounts.of(shares[i])));
        }
        return new Result(List.copyOf(out), Amounts.of(unallocated), List.of());
    }

    private static String show(int resource, long amount) {
        return switch (resource) {
            case 1 -> Quantities.formatMillis(amount);
            case 2, 3 -> Quantities.formatBytes(amount);
            default -> Long.toString(amount);
        };
    }
}
