package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.DpiaSpec;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.core.license.LicenseTextNormalization;
import dev.missioncontrol.operator.licensetext.LicensePins;
import dev.missioncontrol.operator.licensetext.LicenseText;
import dev.missioncontrol.operator.status.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a source card earns, decided from its spec, the license text the operator read, and the time.
 * Pure: no I/O. {@code nextChange} is when the DPIA verdict flips by itself (approval starts or lapses).
 */
public record SourceAssessment(Verdict dpia, Verdict license, String observedSha256, Optional<Instant> nextChange) {

    public record Verdict(boolean ok, String reason, String message) {
    }

    public boolean vetted() {
        return dpia.ok() && license.ok();
    }

    /** The assessment as a planner: the verdicts, no Events, and a wake-up exactly when the DPIA verdict flips. */
    public static Decision<SourceAssessment> plan(MarketplaceSource source, LicenseText text, Instant now) {
        return plan(source, text, Optional.empty(), now);
    }

    /** As above, with the namespace's LicenseRegistry pin of {spdx, listVersion} when spec.license.listVersion is set. */
    public static Decision<SourceAssessment> plan(MarketplaceSource source, LicenseText text, Optional<LicensePins.Lookup> registryPin,
            Instant now) {
        var assessment = assess(source, text, registryPin, now);
        return new Decision<>(assessment, List.of(),
                assessment.nextChange().map(t -> java.time.Duration.between(now, t).plusMillis(500)));
    }

    public static SourceAssessment assess(MarketplaceSource source, LicenseText text, Instant now) {
        return assess(source, text, Optional.empty(), now);
    }

    public static SourceAssessment assess(MarketplaceSource source, LicenseText text, Optional<LicensePins.Lookup> registryPin,
            Instant now) {
        var spec = source.getSpec();
        DpiaSpec d = spec.getDpia();
        Verdict dpia;
        Optional<Instant> next = Optional.empty();
        Instant expires = parse(d.getExpiresAt());
        if (d.getApprovedBy() == null || d.getApprovedAt() == null) {
            dpia = new Verdict(false, "NotApproved", "DPIA " + d.getReference() + " is not approved yet: set spec.dpia.approvedBy and spec.dpia.approvedAt once it is.");
        } else {
            Instant approved = parse(d.getApprovedAt());
            if (now.isBefore(approved)) {
                dpia = new Verdict(false, "NotYetApproved", "DPIA " + d.getReference() + " takes effect at " + approved + ".");
                next = Optional.of(approved);
            } else if (!now.isBefore(expires)) {
                dpia = new Verdict(false, "Expired", "DPIA " + d.getReference() + " expired at " + expires
                        + ": renew the assessment and update spec.dpia.approvedAt and spec.dpia.expiresAt.");
            } else {
                dpia = new Verdict(true, "Approved", "DPIA " + d.getReference() + " (risk " + d.getRisk() + ") approved by "
                        + d.getApprovedBy() + " at " + approved + ", valid until " + expires + ".");
                next = Optional.of(expires);
            }
        }
        Verdict license;
        String observed = null;
        var ref = spec.getLicense().getTextRef();
        if (text.bytes().isEmpty()) {
            license = new Verdict(false, text.reason(), text.whereMessage());
        } else {
            observed = sha256(text.bytes().get());
            String normalised = LicenseTextNormalization.hashes(text.bytes().get()).normalizedSha256();
            Optional<String> pin = registryPin.flatMap(LicensePins.Lookup::sha256);
            boolean conflict = registryPin.map(LicensePins.Lookup::conflict).orElse(false);
            if (observed.equalsIgnoreCase(spec.getLicense().getTextSha256()) && (conflict || pin.isPresent() && !pin.get().equals(normalised))) {
                license = new Verdict(false, "LicenseDrift", "The " + spec.getLicense().getSpdx() + " text in " + ref.getKind() + " "
                        + ref.getName() + " (key " + ref.getKey() + ") normalises to " + normalised + " but "
                        + (conflict ? registryPin.get().message() : "the LicenseRegistry pin of " + spec.getLicense().getSpdx() + " "
                                + spec.getLicense().getListVersion() + " is " + pin.get())
                        + ": review the text, then re-pin (set sha256 of the LicenseRegistry pin {spdxId: " + spec.getLicense().getSpdx()
                        + ", listVersion: " + spec.getLicense().getListVersion() + "} to " + normalised + ").");
            } else if (observed.equalsIgnoreCase(spec.getLicense().getTextSha256())) {
                license = new Verdict(true, "HashMatches", "The " + spec.getLicense().getSpdx() + " text in " + ref.getKind() + " "
                        + ref.getName() + " (key " + ref.getKey() + ") hashes to the registered SHA-256.");
            } else {
                license = new Verdict(false, "LicenseHashMismatch", "The text in " + ref.getKind() + " " + ref.getName()
                        + " (key " + ref.getKey() + ") hashes to " + observed + " but spec.license.textSha256 is "
                        + spec.getLicense().getTextSha256() + ": the text changed. Review it, then register its new hash.");
            }
        }
        return new SourceAssessment(dpia, license, observed, next);
    }

    static Instant parse(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
