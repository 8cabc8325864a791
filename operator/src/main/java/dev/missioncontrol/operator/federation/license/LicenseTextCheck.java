package dev.missioncontrol.operator.federation.license;

import dev.missioncontrol.core.license.LicenseTextNormalization;
import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseDriftPolicy;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseState;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.federation.license.LicenseClauseDecision.SourceDecision;
import dev.missioncontrol.operator.licensetext.LicensePins;
import dev.missioncontrol.operator.licensetext.LicenseText;
import java.util.List;
import java.util.Optional;

/**
 * Whether an index's license text matches its pin, and what that does to the index's decision. Pure.
 *
 * <ul>
 * <li>No license, no textRef, or no pin (neither textSha256 nor a LicenseRegistry pin of {spdx, listVersion}): Unpinned, and
 * only the clauses decide, as before pinning existed.</li>
 * <li>The text cannot be read: Missing; the source is blocked (clause {@value #TEXT_MISSING}), never blended unread.</li>
 * <li>The normalised text hashes to the pin: Verified; the clauses decide.</li>
 * <li>It hashes to something else (or two registries pin it differently): Drift; spec.search.licenseDriftPolicy applies
 * (Block by default, or Demote), clause {@value #DRIFT}, until the text is re-pinned.</li>
 * </ul>
 */
public final class LicenseTextCheck {

    public static final String DRIFT = "LicenseDrift";
    public static final String TEXT_MISSING = "LicenseTextMissing";

    private LicenseTextCheck() {
    }

    /** The check of one index; {@code text} is empty when the index names no text, {@code registryPin} is consulted without textSha256. */
    public static Optional<SourceLicenseStatus> check(IndexSpec index, Optional<LicenseText> text, Optional<LicensePins.Lookup> registryPin) {
        LicenseSpec license = index.getLicense();
        if (license == null) {
            return Optional.empty();
        }
        String name = index.getName();
        LicenseTextRef ref = license.getTextRef();
        if (ref == null || text.isEmpty()) {
            return Optional.of(new SourceLicenseStatus(name, LicenseState.Unpinned, null, null, null,
                    "Index " + name + " names no license text (spec.search.indexes[].license.textRef): its clauses alone decide."));
        }
        String where = ref.kind() + " " + ref.getName() + " (key " + ref.getKey() + ")";
        if (text.get().bytes().isEmpty()) {
            return Optional.of(new SourceLicenseStatus(name, LicenseState.Missing, pinOf(license, registryPin).orElse(null), null, null,
                    "Index " + name + ": " + text.get().whereMessage() + " The index is blocked until its license text can be read."));
        }
        var hashes = LicenseTextNormalization.hashes(text.get().bytes().get());
        String observed = hashes.normalizedSha256();
        Optional<String> pin = pinOf(license, registryPin);
        String pinSource = license.getTextSha256() != null ? "spec.search.indexes[" + name + "].license.textSha256"
                : "the LicenseRegistry pin of " + license.getSpdx() + " " + license.getListVersion();
        String repin = license.getTextSha256() != null ? "set spec.search.indexes[" + name + "].license.textSha256 to " + observed
                : "set sha256 of the LicenseRegistry pin {spdxId: " + license.getSpdx() + ", listVersion: " + license.getListVersion()
                        + "} to " + observed;
        if (pin.isEmpty()) {
            boolean conflict = registryPin.map(LicensePins.Lookup::conflict).orElse(false);
            String why = registryPin.map(LicensePins.Lookup::message).orElse("no pin");
            if (conflict) {
                return Optional.of(new SourceLicenseStatus(name, LicenseState.Drift, null, observed, hashes.rawSha256(),
                        "Index " + name + ": " + why + "; the text in " + where + " hashes to " + observed
                                + ". Review it, then keep one pin with that hash."));
            }
            return Optional.of(new SourceLicenseStatus(name, LicenseState.Unpinned, null, observed, hashes.rawSha256(),
                    "Index " + name + ": " + why + "; the text in " + where + " hashes to " + observed
                            + " (normalised). Pin it (spec.search.indexes[].license.textSha256 or a LicenseRegistry pin) to have drift detected."));
        }
        if (pin.get().equals(observed)) {
            return Optional.of(new SourceLicenseStatus(name, LicenseState.Verified, pin.get(), observed, hashes.rawSha256(),
                    "Index " + name + ": the " + license.getSpdx() + " text in " + where + " matches " + pinSource + "."));
        }
        return Optional.of(new SourceLicenseStatus(name, LicenseState.Drift, pin.get(), observed, hashes.rawSha256(),
                "Index " + name + ": the " + license.getSpdx() + " text in " + where + " hashes to " + observed + " but " + pinSource
                        + " is " + pin.get() + ": the text changed. Review it, then re-pin: " + repin + "."));
    }

    private static Optional<String> pinOf(LicenseSpec license, Optional<LicensePins.Lookup> registryPin) {
        if (license.getTextSha256() != null) {
            return Optional.of(license.getTextSha256());
        }
        return registryPin.flatMap(LicensePins.Lookup::sha256);
    }

    /**
     * The index's decision once its text check is applied: Missing blocks, Drift applies the policy; the more restrictive
     * of that and the clauses' decision wins, and the deciding clause names the text check when it decided.
     */
    public static SourceDecision apply(SourceDecision byClauses, Optional<SourceLicenseStatus> check, LicenseDriftPolicy policy) {
        if (check.isEmpty()) {
            return byClauses;
        }
        BlendDecision forced;
        String clause;
        String reason;
        switch (check.get().state()) {
            case Missing -> {
                forced = BlendDecision.Block;
                clause = TEXT_MISSING;
                reason = "license text missing → Block";
            }
            case Drift -> {
                forced = policy == LicenseDriftPolicy.Demote ? BlendDecision.Demote : BlendDecision.Block;
                clause = DRIFT;
                reason = "license text drifted from its pin → " + forced + " (spec.search.licenseDriftPolicy " + policy + ")";
            }
            default -> {
                return byClauses;
            }
        }
        if (forced.compareTo(byClauses.decision()) < 0) {
            return byClauses;
        }
        return new SourceDecision(byClauses.source(), byClauses.spdx(), forced, clause, byClauses.attribution(), reason);
    }

    /** The checks of the states that need a person: Drift and Missing. */
    public static List<SourceLicenseStatus> needingAction(List<SourceLicenseStatus> checks, LicenseState state) {
        return checks.stream().filter(c -> c.state() == state).toList();
    }
}
