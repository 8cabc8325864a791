package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOff;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec;
import java.util.List;

/** A sign-off as the planner reads it: who, which run, which decisions, when (the API server's creation time). */
public record SignOffRecord(String name, String reviewer, String run, List<AccessReviewSignOffSpec.Decision> decisions, String createdAt,
        long generation) {

    public static SignOffRecord of(AccessReviewSignOff s) {
        return new SignOffRecord(s.getMetadata().getName(), s.getSpec().getReviewer(), s.getSpec().getRun(), s.getSpec().getDecisions(),
                s.getMetadata().getCreationTimestamp(), s.getMetadata().getGeneration() == null ? 0 : s.getMetadata().getGeneration());
    }
}
