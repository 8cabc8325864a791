package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether a source may be connected now, read from the badges its own reconciler wrote. */
public record SourceStanding(boolean exists, boolean dpiaApproved, boolean licenseVerified, boolean live, List<String> clauses,
        String problems) {

    public boolean connectable() {
        return exists && dpiaApproved && licenseVerified && live;
    }

    public static SourceStanding of(String name, Optional<MarketplaceSource> source) {
        if (source.isEmpty()) {
            return new SourceStanding(false, false, false, false, List.of(),
                    "MarketplaceSource " + name + " does not exist in this namespace");
        }
        var s = source.get();
        List<Condition> c = s.getStatus() == null ? List.of() : s.getStatus().getConditions();
        boolean dpia = Conditions.isTrue(c, "DPIAApproved");
        boolean license = Conditions.isTrue(c, "LicenseVerified");
        boolean live = Conditions.isTrue(c, PilotSlots.LIVE);
        List<String> problems = new ArrayList<>();
        if (!dpia) {
            problems.add("lacks DPIAApproved" + because(c, "DPIAApproved"));
        }
        if (!license) {
            problems.add("lacks LicenseVerified" + because(c, "LicenseVerified"));
        }
        if (!live) {
            problems.add("is not Live" + because(c, PilotSlots.LIVE));
        }
        return new SourceStanding(true, dpia, license, live, List.copyOf(s.getSpec().getLicense().getClauses()),
                problems.isEmpty() ? "" : "MarketplaceSource " + name + " " + String.join("; ", problems));
    }

    private static String because(List<Condition> c, String type) {
        return Conditions.find(c, type).map(x -> " (" + x.getReason() + ": " + x.getMessage() + ")").orElse(" (not assessed yet)");
    }
}
