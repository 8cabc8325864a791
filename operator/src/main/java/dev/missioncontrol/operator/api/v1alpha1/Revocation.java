package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class Revocation {

    @Required
    @Size(min = 1, max = 253)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Who revokes the connection; recorded in the signed audit trail.")
    private String revokedBy;

    @Size(max = 1024)
    @JsonPropertyDescription("Why the connection is revoked; recorded in the audit trail.")
    private String reason;

    public Revocation() {
    }

    public Revocation(String revokedBy, String reason) {
        this.revokedBy = revokedBy;
        this.reason = reason;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public void setRevokedBy(String revokedBy) {
        this.revokedBy = revokedBy;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
