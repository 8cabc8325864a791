package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What the operator signed, what the exporter delivered (receipts), late and unmetered windows, drift, the signing key and its rotation, and the conditions.")
public class MeteringRotationStatus extends KindStatus {

    /** One delivered window of one tenant: what the operator signed, confirmed by the exporter's receipt. */
    public record Receipt(
            @JsonPropertyDescription("Window id: the window's start in UTC as yyyyMMdd'T'HHmmss'Z' (e.g. 20261130T100000Z).")
            String window,
            @JsonPropertyDescription("The tenant.")
            String tenant,
            @JsonPropertyDescription("The tenant's usage in the window, as the usage query returned it (0 or more; no data is never signed as "
                    + "0).")
            Double total,
            @JsonPropertyDescription("SHA-256 (hex) of the signed export file; absent while the export waits for delivery.")
            String digest,
            @JsonPropertyDescription("Id of the key that signed the export (see keyId); absent while the export waits for delivery.")
            String keyid) {
    }

    /** Metered against exported, for one tenant and window. */
    public record Variance(
            @JsonPropertyDescription("Window id: the window's start in UTC as yyyyMMdd'T'HHmmss'Z' (e.g. 20261130T100000Z).")
            String window,
            @JsonPropertyDescription("The tenant.")
            String tenant,
            @JsonPropertyDescription("Usage measured by metering for the window; absent when metering had no data.")
            Double metered,
            @JsonPropertyDescription("Usage in the delivered export.")
            Double exported,
            @JsonPropertyDescription("|exported - metered| / metered, as a ratio (0.02 = 2 %; 1 when metered is 0 and exported is not); absent "
                    + "when metered is.")
            Double variance,
            @JsonPropertyDescription("Within (variance at most spec.drift's threshold), Drift (above it) or Unknown (no metering data).")
            VarianceVerdict verdict) {
    }

    public record LateWindow(
            @JsonPropertyDescription("Window id: the window's start in UTC as yyyyMMdd'T'HHmmss'Z' (e.g. 20261130T100000Z).")
            String window,
            @JsonPropertyDescription("The tenants of that window without an export.")
            List<String> tenants) {
    }

    public record Rehearsal(
            @JsonPropertyDescription("When the rehearsal ran (RFC 3339, UTC).")
            String time,
            @JsonPropertyDescription("Succeeded or Failed.")
            RehearsalOutcome outcome,
            @JsonPropertyDescription("What the rehearsal checked and found, for people.")
            String message) {
    }

    /** A receipt that does not match what the operator signed for its window and tenant. */
    public record ReceiptMismatch(
            @JsonPropertyDescription("Window id: the window's start in UTC as yyyyMMdd'T'HHmmss'Z' (e.g. 20261130T100000Z).")
            String window,
            @JsonPropertyDescription("The tenant the receipt names.")
            String tenant,
            @JsonPropertyDescription("What does not match, for people (unknown window, digest or key differs from what the operator signed).")
            String problem) {
    }

    @JsonPropertyDescription("The signing purpose of this rotation's key: its public key ring is the data key <signingPurpose>.json of "
            + "the ConfigMap mission-control-public-keys in the operator's namespace (what `mcctl metering verify --from-cluster` reads).")
    private String signingPurpose;
    @JsonPropertyDescription("The newest delivered exports, newest last (bounded; the operator's archive holds them all).")
    private List<Receipt> receipts = new ArrayList<>();
    @JsonPropertyDescription("Exports delivered (signed by the operator, receipt matching), within the retention horizon.")
    private Integer receiptCount;
    @JsonPropertyDescription("Exports signed and waiting for the exporter to deliver them (ConfigMap <name>-exports).")
    private Integer pendingExports;
    @JsonPropertyDescription("Closed windows whose usage query returned no series, per window the tenants (bounded, oldest first): "
            + "never signed as zero; they stay unexported, and late after the grace period, until data exists or a person attests zero.")
    private List<LateWindow> noUsageData = new ArrayList<>();
    @JsonPropertyDescription("Receipts that do not match what the operator signed (tampered receipt or file), bounded.")
    private List<ReceiptMismatch> receiptMismatches = new ArrayList<>();
    @JsonPropertyDescription("End of the newest window exported for every tenant.")
    private String exportedThrough;
    @JsonPropertyDescription("The latest variance per tenant.")
    private List<Variance> variances = new ArrayList<>();
    @JsonPropertyDescription("Receipts already compared with metering (window ids, newest last, bounded).")
    private List<String> driftCheckedWindows = new ArrayList<>();
    @JsonPropertyDescription("Windows past their end plus spec.gracePeriod with no delivered export, and the tenants missing (newest "
            + "last, bounded).")
    private List<LateWindow> lateWindows = new ArrayList<>();
    @JsonPropertyDescription("Id of the current export-signing key: SHA-256 (hex) of its raw Ed25519 public key, as published in the "
            + "ConfigMap mission-control-public-keys.")
    private String keyId;
    @JsonPropertyDescription("Id of the key before the last rotation while it is still published (spec.rotation.overlap after the "
            + "rotation), so exports it signed still verify.")
    private String previousKeyId;
    @JsonPropertyDescription("When the current key was created (RFC 3339, UTC).")
    private String keyRotatedAt;
    @JsonPropertyDescription("When the next scheduled rotation or rehearsal is due (RFC 3339, UTC); absent without a schedule.")
    private String nextRotationAt;
    @JsonPropertyDescription("The missioncontrol.dev/rotate-key annotation value already acted on (the key was rotated for it).")
    private String handledRotation;
    @JsonPropertyDescription("The missioncontrol.dev/rehearse-rotation annotation value already acted on (a rehearsal ran for it).")
    private String handledRehearsal;
    @JsonPropertyDescription("The last rotation rehearsals (dry runs with a candidate key), newest last (bounded).")
    private List<Rehearsal> rehearsals = new ArrayList<>();



    public String getSigningPurpose() {
        return signingPurpose;
    }

    public void setSigningPurpose(String signingPurpose) {
        this.signingPurpose = signingPurpose;
    }

    public Integer getPendingExports() {
        return pendingExports;
    }

    public void setPendingExports(Integer pendingExports) {
        this.pendingExports = pendingExports;
    }

    public List<LateWindow> getNoUsageData() {
        return noUsageData;
    }

    public void setNoUsageData(List<LateWindow> noUsageData) {
        this.noUsageData = noUsageData;
    }

    public List<ReceiptMismatch> getReceiptMismatches() {
        return receiptMismatches;
    }

    public void setReceiptMismatches(List<ReceiptMismatch> receiptMismatches) {
        this.receiptMismatches = receiptMismatches;
    }

    public List<Receipt> getReceipts() {
        return receipts;
    }

    public void setReceipts(List<Receipt> receipts) {
        this.receipts = receipts;
    }

    public Integer getReceiptCount() {
        return receiptCount;
    }

    public void setReceiptCount(Integer receiptCount) {
        this.receiptCount = receiptCount;
    }

    public String getExportedThrough() {
        return exportedThrough;
    }

    public void setExportedThrough(String exportedThrough) {
        this.exportedThrough = exportedThrough;
    }

    public List<Variance> getVariances() {
        return variances;
    }

    public void setVariances(List<Variance> variances) {
        this.variances = variances;
    }

    public List<String> getDriftCheckedWindows() {
        return driftCheckedWindows;
    }

    public void setDriftCheckedWindows(List<String> driftCheckedWindows) {
        this.driftCheckedWindows = driftCheckedWindows;
    }

    public List<LateWindow> getLateWindows() {
        return lateWindows;
    }

    public void setLateWindows(List<LateWindow> lateWindows) {
        this.lateWindows = lateWindows;
    }

    public String getKeyId() {
        return keyId;
    }

    public void setKeyId(String keyId) {
        this.keyId = keyId;
    }

    public String getPreviousKeyId() {
        return previousKeyId;
    }

    public void setPreviousKeyId(String previousKeyId) {
        this.previousKeyId = previousKeyId;
    }

    public String getKeyRotatedAt() {
        return keyRotatedAt;
    }

    public void setKeyRotatedAt(String keyRotatedAt) {
        this.keyRotatedAt = keyRotatedAt;
    }

    public String getNextRotationAt() {
        return nextRotationAt;
    }

    public void setNextRotationAt(String nextRotationAt) {
        this.nextRotationAt = nextRotationAt;
    }

    public String getHandledRotation() {
        return handledRotation;
    }

    public void setHandledRotation(String handledRotation) {
        this.handledRotation = handledRotation;
    }

    public String getHandledRehearsal() {
        return handledRehearsal;
    }

    public void setHandledRehearsal(String handledRehearsal) {
        this.handledRehearsal = handledRehearsal;
    }

    public List<Rehearsal> getRehearsals() {
        return rehearsals;
    }

    public void setRehearsals(List<Rehearsal> rehearsals) {
        this.rehearsals = rehearsals;
    }


}
