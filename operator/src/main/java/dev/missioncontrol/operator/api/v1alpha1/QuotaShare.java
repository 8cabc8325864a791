package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("A namespace's share of the budget and its usage, from its ResourceQuota.")
public class QuotaShare {

    @JsonPropertyDescription("The namespace.")
    private String namespace;

    @JsonPropertyDescription("The ResourceQuota's hard limits (the share).")
    private Map<String, String> hard;

    @JsonPropertyDescription("What the ResourceQuota reports as used.")
    private Map<String, String> used;

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Map<String, String> getHard() {
        return hard;
    }

    public void setHard(Map<String, String> hard) {
        this.hard = hard;
    }

    public Map<String, String> getUsed() {
        return used;
    }

    public void setUsed(Map<String, String> used) {
        this.used = used;
    }
}
