package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class ConnectDecision {

    public enum Action {
        approve,
        reject
    }

    @Required
    @JsonPropertyDescription("approve or reject. An approval of a source that is not Vetted and Live is refused and the request stays Pending.")
    private Action action;

    @Required
    @Size(min = 1, max = 253)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Who decides; recorded in the signed audit trail.")
    private String reviewer;

    @Size(max = 1024)
    @JsonPropertyDescription("Optional reason recorded with the decision in the audit trail.")
    private String note;

    public ConnectDecision() {
    }

    public ConnectDecision(Action action, String reviewer, String note) {
        this.action = action;
        this.reviewer = reviewer;
        this.note = note;
    }

    public Action getAction() {
        return action;
    }

    public void setAction(Action action) {
        this.action = action;
    }

    public String getReviewer() {
        return reviewer;
    }

    public void setReviewer(String reviewer) {
        this.reviewer = reviewer;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
