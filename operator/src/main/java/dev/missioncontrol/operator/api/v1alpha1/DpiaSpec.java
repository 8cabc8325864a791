package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The data-protection impact assessment record. */
@ValidationRule(value = "!has(self.approvedAt) || !has(self.expiresAt) || timestamp(self.expiresAt) > timestamp(self.approvedAt)",
        message = "spec.dpia.expiresAt must be later than spec.dpia.approvedAt")
@ValidationRule(value = "has(self.approvedBy) == has(self.approvedAt)",
        message = "spec.dpia.approvedBy and spec.dpia.approvedAt go together")
public class DpiaSpec {

    public static final String TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    public enum Risk {
        low,
        medium,
        high
    }

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Reference of the DPIA document, e.g. DPIA-2026-014.")
    private String reference;

    @Required
    @JsonPropertyDescription("The assessed risk level.")
    private Risk risk;

    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Who approved the DPIA; unset while it is not approved.")
    private String approvedBy;

    @Pattern(TIMESTAMP)
    @JsonPropertyDescription("RFC 3339 time of approval.")
    private String approvedAt;

    @Required
    @Pattern(TIMESTAMP)
    @JsonPropertyDescription("RFC 3339 time the approval lapses; the DPIAApproved badge is withdrawn then, by itself.")
    private String expiresAt;

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public Risk getRisk() {
        return risk;
    }

    public void setRisk(Risk risk) {
        this.risk = risk;
    }

    public String getApprovedBy() {
        return approvedBy;
    }

    public void setApprovedBy(String approvedBy) {
        this.approvedBy = approvedBy;
    }

    public String getApprovedAt() {
        return approvedAt;
    }

    public void setApprovedAt(String approvedAt) {
        this.approvedAt = approvedAt;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }
}
