package dev.missioncontrol.operator.licensetext;

import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** The pins of a namespace's LicenseRegistry objects: {spdxId, listVersion} to the normalised-text sha256. */
public final class LicensePins {

    private LicensePins() {
    }

    /** A pin found, or why none applies. */
    public record Lookup(Optional<String> sha256, boolean conflict, String message) {
    }

    /**
     * The pin of {spdxId, listVersion} among the registries of one namespace. Two registries pinning it to different hashes
     * is no pin (the message names them): which one is right is for a person to decide.
     */
    public static Lookup find(Collection<LicenseRegistry> registries, String spdxId, String listVersion) {
        var hashes = new TreeSet<String>();
        var names = new TreeSet<String>();
        for (LicenseRegistry r : registries) {
            if (r.getSpec() == null || r.getSpec().getPins() == null) {
                continue;
            }
            r.getSpec().getPins().stream()
                    .filter(p -> Objects.equals(p.getSpdxId(), spdxId) && Objects.equals(p.getListVersion(), listVersion))
                    .forEach(p -> {
                        hashes.add(p.getSha256());
                        names.add(r.getMetadata().getName());
                    });
        }
        if (hashes.size() == 1) {
            return new Lookup(Optional.of(hashes.first()), false, "pinned by LicenseRegistry " + names.first());
        }
        if (hashes.isEmpty()) {
            return new Lookup(Optional.empty(), false, "no LicenseRegistry in the namespace pins " + spdxId + " " + listVersion);
        }
        return new Lookup(Optional.empty(), true, "LicenseRegistry objects " + String.join(", ", names) + " pin " + spdxId + " "
                + listVersion + " to different hashes: keep one pin");
    }
}
