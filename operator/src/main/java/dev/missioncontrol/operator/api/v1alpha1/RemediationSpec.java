package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What a no-go decision commits to: milestones and a date to decide again. */
public class RemediationSpec {

    @Required
    @Size(max = 64)
    @Pattern(DpiaSpec.TIMESTAMP)
    @ValidationRule(value = SchemaRules.REAL_DATE_RULE, message = SchemaRules.REAL_DATE_MESSAGE)
    @JsonPropertyDescription("RFC 3339 time of the re-review.")
    private String reReviewDate;

    @Required
    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(m, self.exists_one(n, n.id == m.id))", message = "spec.remediation.milestones: ids must be unique")
    @JsonPropertyDescription("The remediation plan's milestones; status reports the share done and the overdue ones.")
    private List<Milestone> milestones = new ArrayList<>();

    public String getReReviewDate() {
        return reReviewDate;
    }

    public void setReReviewDate(String reReviewDate) {
        this.reReviewDate = reReviewDate;
    }

    public List<Milestone> getMilestones() {
        return milestones;
    }

    public void setMilestones(List<Milestone> milestones) {
        this.milestones = milestones;
    }

    public static class Milestone {
        @Required
        @Size(min = 1, max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Short unique id of the milestone.")
        private String id;
        @Required
        @Size(min = 1, max = 256)
        @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
        @JsonPropertyDescription("What the milestone delivers.")
        private String title;
        @Required
        @Size(min = 1, max = 253)
        @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
        @JsonPropertyDescription("Who is accountable for the milestone.")
        private String owner;
        @Required
        @Size(max = 64)
        @Pattern(DpiaSpec.TIMESTAMP)
        @ValidationRule(value = SchemaRules.REAL_DATE_RULE, message = SchemaRules.REAL_DATE_MESSAGE)
        @JsonPropertyDescription("RFC 3339 due time.")
        private String due;
        @JsonPropertyDescription("True once the milestone is delivered.")
        private Boolean done;

        public Milestone() {
        }

        public Milestone(String id, String title, String owner, String due, boolean done) {
            this.id = id;
            this.title = title;
            this.owner = owner;
            this.due = due;
            this.done = done;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getTitle() {
            return title;
        }

        public void setTitle(String title) {
            this.title = title;
        }

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public String getDue() {
            return due;
        }

        public void setDue(String due) {
            this.due = due;
        }

        public Boolean getDone() {
            return done;
        }

        public void setDone(Boolean done) {
            this.done = done;
        }
    }
}
