package dev.missioncontrol.operator.federation.flags;

import dev.missioncontrol.operator.flags.FlagdDocument;
import java.util.List;

/**
 * The cohort's two flags: {@code federated-search.<cohort>.enabled} (on / off) and {@code federated-search.<cohort>.mode}
 * (federated / single-index), federated exactly for the tenants enabled now, and for nobody once the cohort fell back
 * or was aborted (status then lists no enabled tenant).
 */
public final class CohortFlags {

    public static final String FEDERATED = "federated";
    public static final String SINGLE_INDEX = "single-index";

    private CohortFlags() {
    }

    public static String enabledFlagKey(String cohort) {
        return "federated-search." + cohort + ".enabled";
    }

    public static String modeFlagKey(String cohort) {
        return "federated-search." + cohort + ".mode";
    }

    public static FlagdDocument document(String cohort, List<String> enabledTenants) {
        return FlagdDocument.create()
                .booleanForTenants(enabledFlagKey(cohort), enabledTenants)
                .stringForTenants(modeFlagKey(cohort), FEDERATED, SINGLE_INDEX, enabledTenants);
    }
}
