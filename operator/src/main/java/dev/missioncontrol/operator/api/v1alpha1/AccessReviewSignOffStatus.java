package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Whether the operator accepted the sign-off into the review's signed record, and the conditions (Ready False with a reason naming the field when the run is unknown or closed, or a row does not exist).")
public class AccessReviewSignOffStatus extends KindStatus {

    @JsonPropertyDescription("How many of spec.decisions were recorded for rows of the named run (0 to 500).")
    private Integer recorded;

    public Integer getRecorded() {
        return recorded;
    }

    public void setRecorded(Integer recorded) {
        this.recorded = recorded;
    }
}
