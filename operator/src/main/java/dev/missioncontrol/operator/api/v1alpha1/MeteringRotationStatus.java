package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeteringRotationStatus extends KindStatus {

    /** One exported window of one tenant, as the exporter recorded it. */
    public record Receipt(String window, String tenant, Double total, String digest, String keyid) {
    }

    /** Metered against exported, for one tenant and window. */
    public record Variance(String window, String tenant, Double metered, Double exported, Double variance, VarianceVerdict verdict) {
    }

    public record LateWindow(String window, List<String> tenants) {
    }

    public record Rehearsal(String time, RehearsalOutcome outcome, String message) {
    }

    @JsonPropertyDescription("The newest receipts, newest last (bounded; all receipts are in the <name>-receipts ConfigMap).")
    private List<Receipt> receipts = new ArrayList<>();
    private Integer receiptCount;
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
