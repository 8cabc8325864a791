package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeteringRotationStatus extends KindStatus {

    /** One delivered window of one tenant: what the operator signed, confirmed by the exporter's receipt. */
    public record Receipt(String window, String tenant, Double total, String digest, String keyid) {
    }

    /** Metered against exported, for one tenant and window. */
    public record Variance(String window, String tenant, Double metered, Double exported, Double variance, VarianceVerdict verdict) {
    }

    public record LateWindow(String window, List<String> tenants) {
    }

    public record Rehearsal(String time, RehearsalOutcome outcome, String message) {
    }

    /** A receipt that does not match what the operator signed for its window and tenant. */
    public record ReceiptMismatch(String window, String tenant, String problem) {
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
    private List<LateWindow> lateWindows = new ArrayList<>();
    private String keyId;
    private String previousKeyId;
    private String keyRotatedAt;
    private String nextRotationAt;
    private String handledRotation;
    private String handledRehearsal;
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
