package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "self == oldSelf", message = "spec is immutable: a sign-off is a signed record; create another AccessReviewSignOff to "
        + "decide other rows")
@JsonClassDescription("Which review run, who signs (the authenticated user, checked by the admission policy) and the decision on each row.")
public class AccessReviewSignOffSpec {

    /** The decisions a reviewer can make on a row. */
    public enum Action {
        keep, revoke, justify
    }

    public record Decision(
            @Required
            @Size(min = 16, max = 16)
            @Pattern("^[0-9a-f]{16}$")
            @JsonPropertyDescription("Row id (16 hex characters): the id column of the run's matrix.csv / matrix.jsonl.")
            String row,
            @Required
            @JsonPropertyDescription("keep (the access is right), revoke (the owner must remove it; nothing is revoked automatically) or "
                    + "justify (kept for a stated reason).")
            Action decision,
            @Size(max = 1024)
            @JsonPropertyDescription("Why; required for justify (1 to 1024 characters).")
            String reason) {
    }

    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the AccessReview in this namespace.")
    private String review;

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$")
    @JsonPropertyDescription("The review run signed off: status.run.id of the AccessReview. The admission policy refuses a run that is not the "
            + "review's open run.")
    private String run;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("The reviewer: must be the user the API server authenticates for the request that creates this object, and one "
            + "of the AccessReview's spec.reviewers (the chart's admission policy checks both).")
    private String reviewer;

    @Required
    @Size(min = 1, max = 500)
    @ValidationRule(value = "self.all(d, self.exists_one(e, e.row == d.row))", message = "each row may be decided once per sign-off")
    @ValidationRule(value = "self.all(d, d.decision != 'justify' || (has(d.reason) && d.reason.matches(r'\\S')))",
            message = "a justify decision needs a reason")
    @JsonPropertyDescription("One decision per row (1 to 500 rows).")
    private List<Decision> decisions = new ArrayList<>();

    public String getReview() {
        return review;
    }

    public void setReview(String review) {
        this.review = review;
    }

    public String getRun() {
        return run;
    }

    public void setRun(String run) {
        this.run = run;
    }

    public String getReviewer() {
        return reviewer;
    }

    public void setReviewer(String reviewer) {
        this.reviewer = reviewer;
    }

    public List<Decision> getDecisions() {
        return decisions;
    }

    public void setDecisions(List<Decision> decisions) {
        this.decisions = decisions;
    }
}
