package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Where the request stands, as recorded in its signed audit trail, and the conditions.")
public class ConnectRequestStatus extends KindStatus {

    @JsonPropertyDescription("The last phase in the signed audit trail.")
    private ConnectPhase phase;
    @JsonPropertyDescription("Number of entries in the signed audit trail (1 or more once the request is recorded).")
    private Integer auditEntries;
    @JsonPropertyDescription("SHA-256 of the last audit entry: the signed subject digest.")
    private String auditHeadSha256;
    @JsonPropertyDescription("ConfigMap holding the signed audit packet (DSSE envelope).")
    private String auditPacket;
    @JsonPropertyDescription("Id of the Ed25519 key that signed the audit packet: SHA-256 (hex) of its raw public key, as published in "
            + "the ConfigMap mission-control-public-keys.")
    private String signingKeyId;



    public ConnectPhase getPhase() {
        return phase;
    }

    public void setPhase(ConnectPhase phase) {
        this.phase = phase;
    }

    public Integer getAuditEntries() {
        return auditEntries;
    }

    public void setAuditEntries(Integer auditEntries) {
        this.auditEntries = auditEntries;
    }

    public String getAuditHeadSha256() {
        return auditHeadSha256;
    }

    public void setAuditHeadSha256(String auditHeadSha256) {
        this.auditHeadSha256 = auditHeadSha256;
    }

    public String getAuditPacket() {
        return auditPacket;
    }

    public void setAuditPacket(String auditPacket) {
        this.auditPacket = auditPacket;
    }

    public String getSigningKeyId() {
        return signingKeyId;
    }

    public void setSigningKeyId(String signingKeyId) {
        this.signingKeyId = signingKeyId;
    }


}
