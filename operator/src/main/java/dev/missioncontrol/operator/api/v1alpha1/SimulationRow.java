package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("One answer of the policy simulation: a denial or a warning of one rendered object.")
public class SimulationRow {

    @JsonPropertyDescription("The object, Kind/namespace/name or Kind/name.")
    private String object;

    @JsonPropertyDescription("The check or policy that answered (a ValidatingAdmissionPolicy's name, PodSecurity, ResourceQuota, ...).")
    private String check;

    @JsonPropertyDescription("Deny or Warn.")
    private String action;

    @JsonPropertyDescription("What the API server said.")
    private String message;

    @JsonPropertyDescription("The appeal token waiving it: tokens[<index>] and its envelope sha256; absent: not waived.")
    private String waivedBy;

    public String getObject() {
        return object;
    }

    public void setObject(String object) {
        this.object = object;
    }

    public String getCheck() {
        return check;
    }

    public void setCheck(String check) {
        this.check = check;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getWaivedBy() {
        return waivedBy;
    }

    public void setWaivedBy(String waivedBy) {
        this.waivedBy = waivedBy;
    }
}
