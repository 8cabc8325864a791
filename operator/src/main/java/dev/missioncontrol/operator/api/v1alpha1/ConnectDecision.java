package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class ConnectDecision {

    public enum Action {
        approve,
        reject
    }

    @Required
    private Action action;

    @Required
    @Size(min = 1, max = 253)
    private String reviewer;

    @Size(max = 1024)
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
