package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The data-protection impact assessment record. */
// timestamp() fails on an impossible date, which the field's own rule reports: compare real dates only.
@ValidationRule(value = "!has(self.approvedAt) || !has(self.expiresAt) || !(" + DpiaSpec.REAL_APPROVED_AT + ") || !("
        + DpiaSpec.REAL_EXPIRES_AT + ") || timestamp(self.expiresAt) > timestamp(self.approvedAt)",
        message = "spec.dpia.expiresAt must be later than spec.dpia.approvedAt")
@ValidationRule(value = "has(self.approvedBy) == has(self.approvedAt)",
        message = "spec.dpia.approvedBy and spec.dpia.approvedAt go together")
public class DpiaSpec {

    static final String REAL_APPROVED_AT = "self.approvedAt.matches(r'" + SchemaRules.RFC3339_STRICT + "') && (!self.approvedAt"
            + ".matches('^[0-9]{4}-02-29') || (int(self.approvedAt.substring(0, 4)) % 4 == 0 && (int(self.approvedAt.substring(0, 4)) "
            + "% 100 != 0 || int(self.approvedAt.substring(0, 4)) % 400 == 0)))";
    static final String REAL_EXPIRES_AT = "self.expiresAt.matches(r'" + SchemaRules.RFC3339_STRICT + "') && (!self.expiresAt"
            + ".matches('^[0-9]{4}-02-29') || (int(self.expiresAt.substring(0, 4)) % 4 == 0 && (int(self.expiresAt.substring(0, 4)) "
            + "% 100 != 0 || int(self.expiresAt.substring(0, 4)) % 400 == 0)))";

    public static final String TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    public enum Risk {
        low,
        medium,
        high
    }

    @Required
    @Size(min = 1, max = 253)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Reference of the DPIA document, e.g. DPIA-2026-014.")
    private String reference;

    @Required
    @JsonPropertyDescription("The assessed risk level.")
    private Risk risk;

    @Size(min = 1, max = 253)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Who approved the DPIA; unset while it is not approved.")
    private String approvedBy;

    @Size(max = 64)
    @Pattern(TIMESTAMP)
    @ValidationRule(value = SchemaRules.REAL_DATE_RULE, message = SchemaRules.REAL_DATE_MESSAGE)
    @JsonPropertyDescription("RFC 3339 time of approval.")
    private String approvedAt;

    @Required
    @Size(max = 64)
    @Pattern(TIMESTAMP)
    @ValidationRule(value = SchemaRules.REAL_DATE_RULE, message = SchemaRules.REAL_DATE_MESSAGE)
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
