package dev.missioncontrol.core.onboarding;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Exact resource amounts: pods, CPU millicores, memory and storage bytes, metering units per month. */
public record Amounts(long pods, long cpuMillis, long memoryBytes, long storageBytes, long meteringUnitsPerMonth) {

    public static final Amounts ZERO = new Amounts(0, 0, 0, 0, 0);

    /** A parsed budget: the amounts, or null with the problems. */
    public record Parsed(Amounts amounts, List<OnboardingProblem> problems) {
    }

    /** The five amounts in a fixed order, the order {@link BudgetSplit} splits them in. */
    long[] toArray() {
        return new long[] {pods, cpuMillis, memoryBytes, storageBytes, meteringUnitsPerMonth};
    }

    static Amounts of(long[] a) {
        return new Amounts(a[0], a[1], a[2], a[3], a[4]);
    }

    /** The budget field each position of {@link #toArray} comes from. */
    static final List<String> FIELDS = List.of("pods", "cpu", "memory", "storage", "meteringUnitsPerMonth");

    public Amounts plus(Amounts o) {
        return new Amounts(pods + o.pods, cpuMillis + o.cpuMillis, memoryBytes + o.memoryBytes, storageBytes + o.storageBytes,
                meteringUnitsPerMonth + o.meteringUnitsPerMonth);
    }

    /** True when every amount is at most the other's. */
    public boolean fitsIn(Amounts o) {
        return pods <= o.pods && cpuMillis <= o.cpuMillis && memoryBytes <= o.memoryBytes && storageBytes <= o.storageBytes
                && meteringUnitsPerMonth <= o.meteringUnitsPerMonth;
    }

    /** A ResourceQuota's {@code spec.hard} for these amounts (metering units are not a quota resource), sorted. */
    public Map<String, String> quotaHard() {
        Map<String, String> hard = new TreeMap<>();
        hard.put("pods", Long.toString(pods));
        hard.put("requests.cpu", Quantities.formatMillis(cpuMillis));
        hard.put("limits.cpu", Quantities.formatMillis(cpuMillis));
        hard.put("requests.memory", Quantities.formatBytes(memoryBytes));
        hard.put("limits.memory", Quantities.formatBytes(memoryBytes));
        hard.put("requests.storage", Quantities.formatBytes(storageBytes));
        return hard;
    }

    /** The amounts in the units people write: {@code {pods: 10, cpu: "4", memory: "8Gi", ...}}, sorted. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new TreeMap<>();
        out.put("pods", pods);
        out.put("cpu", Quantities.formatMillis(cpuMillis));
        out.put("memory", Quantities.formatBytes(memoryBytes));
        out.put("storage", Quantities.formatBytes(storageBytes));
        out.put("meteringUnitsPerMonth", meteringUnitsPerMonth);
        return out;
    }
}
