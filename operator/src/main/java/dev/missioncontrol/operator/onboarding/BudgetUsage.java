package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.Amounts;
import dev.missioncontrol.core.onboarding.Quantities;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Whether the quotas' usage, summed over the tenant's namespaces, exceeds the budget. Pure. */
public final class BudgetUsage {

    private BudgetUsage() {
    }

    /** Each resource whose summed usage exceeds the budget, as {@code pods: 11 used, budget 10}; empty: within budget. */
    public static List<String> over(Amounts budget, Collection<Map<String, String>> used) {
        long pods = 0;
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        for (Map<String, String> u : used) {
            pods += parse(u.get("pods"), false);
            cpu += Math.max(parse(u.get("requests.cpu"), true), parse(u.get("limits.cpu"), true));
            memory += Math.max(parse(u.get("requests.memory"), false), parse(u.get("limits.memory"), false));
            storage += parse(u.get("requests.storage"), false);
        }
        List<String> out = new ArrayList<>();
        if (pods > budget.pods()) {
            out.add("pods: " + pods + " used, budget " + budget.pods());
        }
        if (cpu > budget.cpuMillis()) {
            out.add("cpu: " + Quantities.formatMillis(cpu) + " used, budget " + Quantities.formatMillis(budget.cpuMillis()));
        }
        if (memory > budget.memoryBytes()) {
            out.add("memory: " + Quantities.formatBytes(memory) + " used, budget " + Quantities.formatBytes(budget.memoryBytes()));
        }
        if (storage > budget.storageBytes()) {
            out.add("storage: " + Quantities.formatBytes(storage) + " used, budget " + Quantities.formatBytes(budget.storageBytes()));
        }
        return out;
    }

    private static long parse(String q, boolean cpu) {
        if (q == null) {
            return 0;
        }
        try {
            return cpu ? Quantities.millis(q) : Quantities.bytes(q);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
