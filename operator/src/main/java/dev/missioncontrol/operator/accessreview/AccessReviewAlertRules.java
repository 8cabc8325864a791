package dev.missioncontrol.operator.accessreview;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.List;

/**
 * A review's alert, on the operator's own gauge (from status): missioncontrol_accessreview_gaps{namespace,name} above zero,
 * the rows undecided when the sign-off window ended.
 */
public final class AccessReviewAlertRules {

    private AccessReviewAlertRules() {
    }

    public static List<RuleGroup> groups(AccessReview review) {
        String ns = review.getMetadata().getNamespace();
        String name = review.getMetadata().getName();
        String selector = "{namespace=\"" + AlertRule.quote(ns) + "\",name=\"" + AlertRule.quote(name) + "\"}";
        return List.of(new RuleGroupBuilder().withName("missioncontrol.accessreview." + ns + "." + name).withRules(
                alert("AccessReviewIncomplete", "max by (namespace, name) (missioncontrol_accessreview_gaps" + selector + ") > 0",
                        Duration.ZERO, AlertRule.labels(review, AlertRule.WARNING),
                        "Access review rows were not signed off in time",
                        "AccessReview " + ns + "/" + name + " has {{ $value }} row(s) without a decision after its sign-off window.",
                        "accessreview#gaps"))
                .build());
    }
}
