package dev.missioncontrol.operator.licenseregistry;

import dev.missioncontrol.operator.api.v1alpha1.LicensePin;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistryStatus;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The status aggregator of LicenseRegistry: the pin count and Ready. The API server already refused duplicate pins. */
public final class LicenseRegistryStatusAggregator {

    static final String PINNED = "Pinned";
    static final String NO_PINS = "NoPins";

    private LicenseRegistryStatusAggregator() {
    }

    public static LicenseRegistryStatus build(LicenseRegistry registry, Clock clock) {
        List<LicensePin> pins = Optional.ofNullable(registry.getSpec()).map(s -> s.getPins()).orElse(List.of());
        var conditions = StatusAggregation.conditions(registry, registry.getStatus(), clock);
        var next = new LicenseRegistryStatus();
        next.setPinCount(pins.size());
        Readiness readiness = pins.isEmpty()
                ? Readiness.ready(NO_PINS, "The registry pins no license text yet: add spec.pins entries {spdxId, listVersion, sha256}.")
                : Readiness.ready(PINNED, "Pins " + pins.size() + " license text(s): " + pins.stream()
                        .map(p -> p.getSpdxId() + " " + p.getListVersion()).sorted().collect(Collectors.joining(", ")) + ".");
        return StatusAggregation.complete(registry, next, conditions, AlertRules.NONE, readiness);
    }
}
