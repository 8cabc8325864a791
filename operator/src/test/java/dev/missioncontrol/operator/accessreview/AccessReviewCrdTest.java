package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOff;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * AccessReview and AccessReviewSignOff on the real API server: defaults, the schema's and CEL's refusals naming the
 * field, and the chart's admission policy: only a listed reviewer signs off, as themself, the review's open run.
 */
@Tag("apiserver")
class AccessReviewCrdTest extends ApiServerCrdTest {

    static final String REVIEWER = "rita@governance.example";
    static final String OTHER_REVIEWER = "oscar@governance.example";
    static final String OUTSIDER = "carol@platform.example";

    @BeforeAll
    void installPolicies() throws Exception {
        var install = ProcessRunner.run(Duration.ofMinutes(3), List.of(Path.of("..", "hack", "admission-policies.sh").toString()));
        assertThat(install.code()).as(install.output()).isZero();
    }

    static AccessReview review(String ns, String name, List<String> reviewers) {
        var r = new AccessReview();
        r.getMetadata().setNamespace(ns);
        r.getMetadata().setName(name);
        var spec = new AccessReviewSpec();
        spec.setReviewers(reviewers);
        r.setSpec(spec);
        return r;
    }

    static AccessReviewSignOff signOff(String ns, String name, String review, String run, String reviewer, AccessReviewSignOffSpec.Decision... d) {
        var s = new AccessReviewSignOff();
        s.getMetadata().setNamespace(ns);
        s.getMetadata().setName(name);
        var spec = new AccessReviewSignOffSpec();
        spec.setReview(review);
        spec.setRun(run);
        spec.setReviewer(reviewer);
        spec.setDecisions(List.of(d));
        s.setSpec(spec);
        return s;
    }

    static AccessReviewSignOffSpec.Decision keep(String row) {
        return new AccessReviewSignOffSpec.Decision(row, AccessReviewSignOffSpec.Action.keep, null);
    }

    @Test
    void defaultsAreAppliedOnce() {
        var created = client.resource(review(namespace, "defaults", List.of(REVIEWER))).create();
        assertThat(created.getSpec().getSignOffWindow()).isEqualTo(AccessReviewSpec.DEFAULT_SIGN_OFF_WINDOW);
        assertThat(created.getSpec().getRecurrence()).isEqualTo(AccessReviewSpec.DEFAULT_RECURRENCE);
        assertThat(created.getSpec().getIncludeSystemSubjects()).isFalse();
        assertThat(created.getSpec().getExport().getImage()).isEqualTo(AccessReviewSpec.Export.DEFAULT_IMAGE);
        assertThat(created.getSpec().getScope()).isNotNull();
        assertThat(created.getSpec().scope().selector()).isEqualTo("missioncontrol.dev/tenant");
    }

    @Test
    void badReviewsAreRejectedNamingTheField() {
        assertRejected(review(namespace, "no-reviewers", List.of()), "spec.reviewers", "should have at least 1 items");
        var verb = review(namespace, "bad-verb", List.of(REVIEWER));
        verb.getSpec().setVerbs(List.of("get", "read"));
        assertRejected(verb, "spec.verbs[1]", "should match");
        var resource = review(namespace, "bad-resource", List.of(REVIEWER));
        resource.getSpec().setResources(List.of("secrets"));
        assertRejected(resource, "spec.resources[0]", "should match");
        var both = review(namespace, "both", List.of(REVIEWER));
        var scope = new AccessReviewSpec.Scope();
        scope.setNamespaces(List.of("a"));
        scope.setSelector("team=x");
        both.getSpec().setScope(scope);
        assertRejected(both, "spec.scope", "give spec.scope.namespaces or spec.scope.selector, not both");
        var window = review(namespace, "bad-window", List.of(REVIEWER));
        window.getSpec().setSignOffWindow("14d");
        assertRejected(window, "spec.signOffWindow", "should match");
        var cron = review(namespace, "bad-cron", List.of(REVIEWER));
        cron.getSpec().setRecurrence("every 90 days");
        assertRejected(cron, "spec.recurrence", "should match");
    }

    @Test
    void badSignOffsAreRejectedAndASignOffNeverChanges() {
        assertRejected(signOff(namespace, "justify", "r", "run-1", REVIEWER,
                new AccessReviewSignOffSpec.Decision("0123456789abcdef", AccessReviewSignOffSpec.Action.justify, " ")),
                "spec.decisions", "a justify decision needs a reason");
        assertRejected(signOff(namespace, "twice", "r", "run-1", REVIEWER, keep("0123456789abcdef"), keep("0123456789abcdef")),
                "spec.decisions", "Duplicate value");
        assertRejected(signOff(namespace, "bad-row", "r", "run-1", REVIEWER, keep("not-a-row-at-all")), "spec.decisions[0].row", "should match");
        assertRejected(signOff(namespace, "none", "r", "run-1", REVIEWER), "spec.decisions", "should have at least 1 items");
    }

    @Test
    void onlyAListedReviewerSignsOffAsThemselfTheOpenRun() throws Exception {
        String ns = namespace;
        client.resource(review(ns, "quarterly", List.of(REVIEWER, OTHER_REVIEWER))).create();
        open(ns, "quarterly", "run-1", true);
        awaitPolicy(ns);

        // a listed reviewer, as themself, on the open run: admitted
        var signed = Actors.as(REVIEWER).resource(signOff(ns, "rita-1", "quarterly", "run-1", REVIEWER, keep("0123456789abcdef"))).create();
        assertThat(signed.getSpec().getReviewer()).isEqualTo(REVIEWER);
        // and immutable afterwards
        assertChangeRejected(AccessReviewSignOff.class, "rita-1", "{\"spec\":{\"decisions\":[{\"row\":\"0123456789abcdef\",\"decision\":\"revoke\"}]}}",
                "spec", "spec is immutable");

        // a user outside the list, even naming themself
        assertRefused(() -> Actors.as(OUTSIDER).resource(signOff(ns, "carol", "quarterly", "run-1", OUTSIDER, keep("0123456789abcdef"))).create(),
                "only the reviewers AccessReview quarterly lists in spec.reviewers may sign off its rows, and \"" + OUTSIDER
                        + "\" is not one of them");
        // a listed reviewer claiming another reviewer's name
        assertRefused(() -> Actors.as(OTHER_REVIEWER).resource(signOff(ns, "oscar-as-rita", "quarterly", "run-1", REVIEWER, keep("0123456789abcdef")))
                .create(), "spec.reviewer must be your own user name: you are authenticated as \"" + OTHER_REVIEWER + "\", not \"" + REVIEWER + "\"");
        // a run that is not the open one, and the open run once its window closed
        assertRefused(() -> Actors.as(REVIEWER).resource(signOff(ns, "old-run", "quarterly", "run-0", REVIEWER, keep("0123456789abcdef"))).create(),
                "spec.run: run \"run-0\" of AccessReview quarterly is not open for sign-off (the open run is \"run-1\")");
        open(ns, "quarterly", "run-1", false);
        assertRefusedEventually(() -> Actors.as(REVIEWER).resource(signOff(ns, "closed", "quarterly", "run-1", REVIEWER, keep("0123456789abcdef")))
                .dryRun().create(), "spec.run: run \"run-1\" of AccessReview quarterly is not open for sign-off (no run is open)");
    }

    private void open(String ns, String name, String run, boolean open) {
        var r = client.resources(AccessReview.class).inNamespace(ns).withName(name).get();
        var status = new AccessReviewStatus();
        status.setRun(new AccessReviewStatus.Run(run, "2026-11-30T00:00:00Z", "2026-12-14T00:00:00Z", open, 2L, 0L, 0L, 0L, 0L, 0L, null, null));
        r.setStatus(status);
        client.resource(r).updateStatus();
    }

    /** The policy binding takes a moment to reach admission, and the param cache a moment to see a status change. */
    private void awaitPolicy(String ns) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Actors.as(OUTSIDER).resource(signOff(ns, "probe", "quarterly", "run-1", OUTSIDER, keep("0123456789abcdef"))).dryRun().create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 && e.getMessage().contains("is not one of them")) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("the sign-off policy refuses nothing 30 s after its install").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void assertRefused(ThrowingCallable create, String message) {
        assertThatThrownBy(create).isInstanceOf(KubernetesClientException.class).satisfies(e -> {
            var kce = (KubernetesClientException) e;
            assertThat(kce.getCode()).as("HTTP status of the refusal: %s", kce.getMessage()).isIn(403, 422);
            assertThat(kce.getMessage()).contains("ValidatingAdmissionPolicy 'mission-control-operator-accessreviewsignoffs'").contains(message);
            System.out.printf("[admission] refused: %s%n", kce.getStatus() == null ? kce.getMessage() : kce.getStatus().getMessage());
        });
    }

    private static void assertRefusedEventually(ThrowingCallable create, String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                assertRefused(create, message);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
    }

}
