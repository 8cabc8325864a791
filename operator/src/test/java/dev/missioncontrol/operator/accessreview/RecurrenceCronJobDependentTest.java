package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.signing.SigningKeys;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The recurrence CronJob's arguments: what `mcctl access-review export` is told, from the review's spec. */
@Tag("unit")
class RecurrenceCronJobDependentTest {

    static AccessReview review(AccessReviewSpec spec) {
        var r = new AccessReview();
        r.getMetadata().setNamespace("governance");
        r.getMetadata().setName("quarterly");
        r.setSpec(spec);
        return r;
    }

    @Test
    void namedNamespacesResourcesVerbsAndExtraSubjectsBecomeFlags() {
        var spec = new AccessReviewSpec();
        var scope = new AccessReviewSpec.Scope();
        scope.setNamespaces(List.of("acme", "globex"));
        spec.setScope(scope);
        spec.setResources(List.of("core/secrets", "apps/deployments"));
        spec.setVerbs(List.of("get", "delete"));
        spec.setExtraSubjects(List.of(new AccessReviewSpec.ExtraSubject("oidc:carol", List.of("auditors", "sre"))));
        spec.setReviewers(List.of("rita@governance.example"));
        var review = review(spec);
        String purpose = AccessReviewReconciler.purpose(review);

        assertThat(RecurrenceCronJobDependent.args(review, "mc-system")).containsExactly(
                "access-review", "export", "--out", "/export/" + purpose + "/{run}",
                "--namespace", "acme,globex",
                "--resource", "core/secrets,apps/deployments", "--verb", "get,delete",
                "--extra-subject", "oidc:carol=auditors,sre",
                "--signing-secret", SigningKeys.secretName(purpose), "--operator-namespace", "mc-system",
                "--review", "governance/quarterly",
                "--index-configmap", "mc-system/" + purpose + "-{run}",
                "--previous-from-index");
        assertThat(RecurrenceCronJobDependent.name(review)).isEqualTo(purpose).hasSizeLessThanOrEqualTo(52);
    }

    @Test
    void withoutNamespacesTheSelectorInForceAndTheDefaultsAreGiven() {
        var spec = new AccessReviewSpec();
        spec.setReviewers(List.of("rita@governance.example"));
        spec.setIncludeSystemSubjects(true);
        var args = RecurrenceCronJobDependent.args(review(spec), "mc-system");
        assertThat(args).containsSequence("--selector", AccessReviewSpec.Scope.DEFAULT_SELECTOR)
                .containsSequence("--resource", String.join(",", spec.resources()))
                .containsSequence("--verb", String.join(",", spec.verbs()))
                .contains("--include-system-subjects")
                .doesNotContain("--namespace", "--extra-subject");
    }
}
