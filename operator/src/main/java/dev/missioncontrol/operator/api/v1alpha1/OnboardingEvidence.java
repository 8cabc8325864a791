package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Where the signed go-live evidence bundle is.")
public class OnboardingEvidence {

    @JsonPropertyDescription("The ConfigMap holding it (key evidence.dsse.json).")
    private String configMap;

    @JsonPropertyDescription("Its namespace (the operator's).")
    private String namespace;

    @JsonPropertyDescription("sha256 of the envelope's canonical JSON.")
    private String digest;

    @JsonPropertyDescription("The signing purpose whose key ring verifies it (onboarding-evidence).")
    private String signingPurpose;

    @JsonPropertyDescription("When it was signed (RFC 3339).")
    private String createdAt;

    public String getConfigMap() {
        return configMap;
    }

    public void setConfigMap(String configMap) {
        this.configMap = configMap;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getSigningPurpose() {
        return signingPurpose;
    }

    public void setSigningPurpose(String signingPurpose) {
        this.signingPurpose = signingPurpose;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
