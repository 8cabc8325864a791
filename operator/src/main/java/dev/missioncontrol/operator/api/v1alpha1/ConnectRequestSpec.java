package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.sourceRef == oldSelf.sourceRef && self.tenant == oldSelf.tenant",
        message = "spec.sourceRef and spec.tenant are immutable: create a new ConnectRequest instead")
@ValidationRule(value = "!has(self.revocation) || (has(self.decision) && self.decision.action == 'approve')",
        message = "spec.revocation applies to an approved request: spec.decision.action must be approve")
@ValidationRule(value = "!has(oldSelf.decision) || (has(self.decision) && self.decision.action == oldSelf.decision.action)",
        message = "spec.decision.action cannot change once made (the audit trail already records it); revoke instead")
@JsonClassDescription("Which tenant asks to connect which MarketplaceSource, and the approver's decision or revocation once made.")
public class ConnectRequestSpec {

    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the MarketplaceSource in this namespace.")
    private String sourceRef;

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Tenant id (a DNS label) that asks to connect to the source.")
    private String tenant;

    @Required
    @Size(min = 1, max = 1024)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("What the tenant will use the source for; shown to the reviewer and kept in the audit trail.")
    private String purpose;

    @Required
    @Size(min = 1, max = 253)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Who asks; recorded as the actor of the first audit entry.")
    private String requestedBy;

    @JsonPropertyDescription("The approver's decision, set through kubectl or GitOps.")
    private ConnectDecision decision;

    @JsonPropertyDescription("Set to revoke an approved or connected request.")
    private Revocation revocation;

    public String getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(String sourceRef) {
        this.sourceRef = sourceRef;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public String getPurpose() {
        return purpose;
    }

    public void setPurpose(String purpose) {
        this.purpose = purpose;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public void setRequestedBy(String requestedBy) {
        this.requestedBy = requestedBy;
    }

    public ConnectDecision getDecision() {
        return decision;
    }

    public void setDecision(ConnectDecision decision) {
        this.decision = decision;
    }

    public Revocation getRevocation() {
        return revocation;
    }

    public void setRevocation(Revocation revocation) {
        this.revocation = revocation;
    }
}
