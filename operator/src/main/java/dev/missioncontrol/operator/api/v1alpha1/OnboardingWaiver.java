package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("An accepted appeal token.")
public class OnboardingWaiver {

    @JsonPropertyDescription("Its index in spec.appealTokens.")
    private Integer token;

    @JsonPropertyDescription("The policy it waives.")
    private String policy;

    @JsonPropertyDescription("The object it waives, Kind/namespace/name.")
    private String object;

    @JsonPropertyDescription("When it expires (RFC 3339); the operator re-evaluates then.")
    private String notAfter;

    @JsonPropertyDescription("The sha256 of the token's canonical JSON (how evidence names it).")
    private String envelopeSha256;

    @JsonPropertyDescription("The approver's ticket.")
    private String ticket;

    @JsonPropertyDescription("Who approved it.")
    private String approver;

    public Integer getToken() {
        return token;
    }

    public void setToken(Integer token) {
        this.token = token;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public String getObject() {
        return object;
    }

    public void setObject(String object) {
        this.object = object;
    }

    public String getNotAfter() {
        return notAfter;
    }

    public void setNotAfter(String notAfter) {
        this.notAfter = notAfter;
    }

    public String getEnvelopeSha256() {
        return envelopeSha256;
    }

    public void setEnvelopeSha256(String envelopeSha256) {
        this.envelopeSha256 = envelopeSha256;
    }

    public String getTicket() {
        return ticket;
    }

    public void setTicket(String ticket) {
        this.ticket = ticket;
    }

    public String getApprover() {
        return approver;
    }

    public void setApprover(String approver) {
        this.approver = approver;
    }
}
