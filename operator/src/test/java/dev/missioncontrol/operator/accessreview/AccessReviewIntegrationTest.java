package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOff;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator with a real export: the review's key is created, a run exported by `mcctl access-review export` (the
 * job's command, run as a local process) is read once it verifies, a reviewer signs rows as themself, and with a window
 * of seconds the undecided rows become gaps (ReviewIncomplete, the alert rule), one fewer after a late sign-off; the
 * sign-offs are signed into the run's record. A scope that matches nothing, and a recurrence run that failed, are
 * conditions the operator's watches set and clear.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class AccessReviewIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String REVIEWER = "rita@governance.example";
    static final String OUTSIDER = "carol@platform.example";
    static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;
    static String namespace;
    static String recurringPurpose;
    static String later;

    @BeforeAll
    static void setUp() throws Exception {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-access");
        var install = ProcessRunner.run(Duration.ofMinutes(3), List.of(Path.of("..", "hack", "admission-policies.sh").toString()));
        assertThat(install.code()).as(install.output()).isZero();
        client.resource(new RoleBuilder().withNewMetadata().withNamespace(namespace).withName("cm-reader").endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get").build()).build()).create();
        client.resource(new RoleBindingBuilder().withNewMetadata().withNamespace(namespace).withName("readers").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "cm-reader")
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("alice@tenant.example").endSubject()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("bob@tenant.example").endSubject()
                .build()).create();
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withLabel(AccessExport.INDEX_RUN_LABEL).list().getItems().stream()
                    .filter(cm -> cm.getMetadata().getName().startsWith("ar-it-")).forEach(cm -> client.resource(cm).delete());
            client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName("ar-it-" + namespace + "-run-1-signoffs").delete();
            if (recurringPurpose != null) {
                client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withLabel(AccessExport.INDEX_PURPOSE_LABEL, recurringPurpose).delete();
                client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withLabel("missioncontrol.dev/access-review-record", recurringPurpose)
                        .delete();
            }
            LocalCluster.deleteNamespace(client, later);
            LocalCluster.release(client, namespace);
        }
    }

    static AccessReview review(String name, String window) {
        var r = new AccessReview();
        r.getMetadata().setNamespace(namespace);
        r.getMetadata().setName(name);
        var spec = new AccessReviewSpec();
        var scope = new AccessReviewSpec.Scope();
        scope.setNamespaces(List.of(namespace));
        spec.setScope(scope);
        spec.setResources(List.of("core/configmaps"));
        spec.setVerbs(List.of("get"));
        spec.setReviewers(List.of(REVIEWER));
        spec.setSignOffWindow(window);
        r.setSpec(spec);
        return r;
    }

    static io.fabric8.kubernetes.api.model.Condition condition(String review, String type) {
        var s = status(review);
        return s == null ? null : Conditions.find(s.getConditions(), type).orElse(null);
    }

    static AccessReviewStatus status(String name) {
        var r = client.resources(AccessReview.class).inNamespace(namespace).withName(name).get();
        return r == null ? null : r.getStatus();
    }

    static AccessReviewSignOff signOff(String name, String run, String... keep) {
        return signOffOf("quarterly", name, run, keep);
    }

    static AccessReviewSignOff signOffAs(String review, String name, String run, String reviewer, String... keep) {
        var s = signOffOf(review, name, run, keep);
        s.getSpec().setReviewer(reviewer);
        return s;
    }

    static AccessReviewSignOff signOffOf(String review, String name, String run, String... keep) {
        var s = new AccessReviewSignOff();
        s.getMetadata().setNamespace(namespace);
        s.getMetadata().setName(name);
        var spec = new AccessReviewSignOffSpec();
        spec.setReview(review);
        spec.setRun(run);
        spec.setReviewer(REVIEWER);
        List<AccessReviewSignOffSpec.Decision> decisions = new ArrayList<>();
        for (String row : keep) {
            decisions.add(new AccessReviewSignOffSpec.Decision(row, AccessReviewSignOffSpec.Action.keep, null));
        }
        spec.setDecisions(decisions);
        s.setSpec(spec);
        return s;
    }

    @Test
    void aRunIsReportedSignedOffAndItsUndecidedRowsBecomeGapsWhenTheWindowEnds(@TempDir Path tmp) throws Exception {
        client.resource(review("quarterly", "15s")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("quarterly");
            assertThat(s).isNotNull();
            assertThat(s.getSigningPurpose()).isNotNull();
            assertThat(Conditions.find(s.getConditions(), "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AwaitingExport"));
        });
        String purpose = status("quarterly").getSigningPurpose();
        assertThat(purpose).isEqualTo(AccessReviewReconciler.purpose(client.resources(AccessReview.class).inNamespace(namespace)
                .withName("quarterly").get()));

        // the job's command, run locally: the walk, the authorizer, the key from the operator's Secret, the index ConfigMap
        Path out = tmp.resolve("run-1");
        var export = ProcessRunner.mcctl("access-review", "export", "--out", out.toString(), "--namespace", namespace,
                "--resource", "core/configmaps", "--verb", "get", "--signing-secret", SigningKeys.secretName(purpose),
                "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE, "--review", namespace + "/quarterly", "--run", "run-1",
                "--index-configmap", LocalCluster.OPERATOR_NAMESPACE + "/ar-it-" + namespace + "-run-1");
        assertThat(export.code()).as(export.output()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(AccessExport.MATRIX_JSON))) {
            ids.add(JSON.readTree(line).path("id").asText());
        }
        assertThat(ids).hasSize(2);

        // the run is read; a reviewer signs one row as themself while the window is open
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("quarterly");
            assertThat(s.getRun()).isNotNull();
            assertThat(s.getRun().id()).isEqualTo("run-1");
            assertThat(s.getRun().rows()).isEqualTo(2);
            assertThat(s.getRun().open()).isTrue();
            assertThat(Conditions.find(s.getConditions(), AccessReviewStatusAggregator.REVIEW_INCOMPLETE))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("WindowOpen"));
        });
        Actors.as(REVIEWER).resource(signOff("rita-1", "run-1", ids.get(0))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = client.resources(AccessReviewSignOff.class).inNamespace(namespace).withName("rita-1").get().getStatus();
            assertThat(s).isNotNull();
            assertThat(s.getRecorded()).isEqualTo(1);
            assertThat(Conditions.isTrue(s.getConditions(), "Ready")).isTrue();
            assertThat(status("quarterly").getRun().decided()).isEqualTo(1);
        });

        // the window ends: the other row is a gap, named with its owner; ReviewIncomplete; the alert rule is there
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("quarterly");
            assertThat(s.getGapCount()).isEqualTo(1);
            assertThat(s.getGaps()).singleElement().satisfies(g -> {
                assertThat(g.row()).isEqualTo(ids.get(1));
                assertThat(g.owner()).isEqualTo(namespace);
            });
            assertThat(Conditions.find(s.getConditions(), AccessReviewStatusAggregator.REVIEW_INCOMPLETE)).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("RowsUndecided");
            });
        });
        assertThat(client.genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule").inNamespace(namespace).list().getItems())
                .anySatisfy(r -> assertThat(r.toString()).contains("AccessReviewIncomplete"));

        // a late sign-off of the last row closes the gap; a sign-off naming a row the run lacks is refused by status, naming it
        Actors.as(REVIEWER).resource(signOff("rita-2", "run-1", ids.get(1))).create();
        Actors.as(REVIEWER).resource(signOff("rita-typo", "run-1", "0000000000000000")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("quarterly");
            assertThat(s.getGapCount()).isZero();
            assertThat(Conditions.find(s.getConditions(), AccessReviewStatusAggregator.REVIEW_INCOMPLETE))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("SignedOff"));
            var typo = client.resources(AccessReviewSignOff.class).inNamespace(namespace).withName("rita-typo").get().getStatus();
            assertThat(typo).isNotNull();
            assertThat(Conditions.find(typo.getConditions(), "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getReason()).isEqualTo("RowNotFound");
                assertThat(c.getMessage()).startsWith("spec.decisions[0].row 0000000000000000: not a row of run run-1");
            });
        });

        // the sign-offs are in the run's signed record, which verifies with the review's published key ring
        ConfigMap record = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName("ar-it-" + namespace + "-run-1-signoffs").get();
        assertThat(record).isNotNull();
        var env = JSON.readValue(record.getData().get("signoffs.dsse.json"), Dsse.Envelope.class);
        ConfigMap keys = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
        KeyRing ring = KeyRing.parse(keys.getData().get(KeyRing.dataKey(purpose)));
        assertThat(ring.verifies(env)).isTrue();
        JsonNode payload = JSON.readTree(env.payloadBytes());
        assertThat(payload.path("run").asText()).isEqualTo("run-1");
        assertThat(payload.path("signOffs")).extracting(n -> n.path("name").asText() + " by " + n.path("reviewer").asText())
                .containsExactly("rita-1 by " + REVIEWER, "rita-2 by " + REVIEWER);
        var verify = ProcessRunner.mcctl("access-review", "verify", out.toString(), "--from-cluster", "--purpose", purpose,
                "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE);
        assertThat(verify.code()).as(verify.output()).isZero();
    }

    /**
     * The recurrence: the operator's CronJob in its own namespace (schedule, ServiceAccount, mcctl's command and args),
     * its exact command run locally twice with a new binding in between (the second run lists the new row since the
     * signed-off first run), and the CronJob removed when the review is deleted.
     */
    @Test
    void theRecurrenceCronJobsCommandListsNewRowsSinceTheLastSignOffAndGoesWithTheReview(@TempDir Path tmp) throws Exception {
        client.resource(new RoleBuilder().withNewMetadata().withNamespace(namespace).withName("secret-reader").endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("get").build()).build()).create();
        client.resource(binding("dave-secrets", "secret-reader", "dave@tenant.example")).create();
        var review = review("recurring", "336h");
        review.getSpec().setResources(List.of("core/secrets"));
        review.getSpec().setRecurrence("0 4 * * 1");
        client.resource(review).create();
        var created = client.resources(AccessReview.class).inNamespace(namespace).withName("recurring").get();
        recurringPurpose = AccessReviewReconciler.purpose(created);

        // the CronJob: in the operator's namespace (the key is there), labelled with its review, no owner reference
        CronJob job = await().atMost(TIMEOUT).until(() -> client.batch().v1().cronjobs().inNamespace(LocalCluster.OPERATOR_NAMESPACE)
                .withLabel(RecurrenceCronJobDependent.REVIEW_NAMESPACE_LABEL, namespace)
                .withLabel(RecurrenceCronJobDependent.REVIEW_NAME_LABEL, "recurring").list().getItems().stream().findFirst().orElse(null),
                j -> j != null);
        assertThat(job.getMetadata().getName()).isEqualTo(recurringPurpose);
        assertThat(job.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(job.getSpec().getSchedule()).isEqualTo("0 4 * * 1");
        var pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(RecurrenceCronJobDependent.DEFAULT_SERVICE_ACCOUNT);
        var container = pod.getContainers().get(0);
        assertThat(container.getCommand()).isEqualTo(List.of("java", "-jar", "/opt/mcctl/mcctl.jar"));
        assertThat(container.getArgs()).isEqualTo(RecurrenceCronJobDependent.args(created, LocalCluster.OPERATOR_NAMESPACE))
                .containsSequence("--namespace", namespace).containsSequence("--resource", "core/secrets")
                .containsSequence("--signing-secret", SigningKeys.secretName(recurringPurpose)).contains("--previous-from-index");

        // its Jobs carry the review's labels (the jobTemplate's); a run that fails (here: never scheduled, past its deadline) is
        // condition LastRunSucceeded=False naming the Job and where to look, and a Warning Event; the watch on Jobs sees it
        assertThat(job.getSpec().getJobTemplate().getMetadata().getLabels())
                .containsEntry(RecurrenceCronJobDependent.REVIEW_NAMESPACE_LABEL, namespace)
                .containsEntry(RecurrenceCronJobDependent.REVIEW_NAME_LABEL, "recurring");
        String failedJob = recurringPurpose + "-failed";
        var failing = runOf(job, failedJob);
        failing.getSpec().setActiveDeadlineSeconds(1L);
        failing.getSpec().getTemplate().getSpec().setNodeSelector(java.util.Map.of("missioncontrol.dev/no-such-node", "true"));
        client.resource(failing).create();

        // its exact command, run locally (only the job's volume is a local directory)
        List<String> args = container.getArgs().stream().map(a -> a.startsWith(RecurrenceCronJobDependent.MOUNT + "/")
                ? tmp.resolve(a.substring(RecurrenceCronJobDependent.MOUNT.length() + 1)).toString() : a).toList();
        var first = ProcessRunner.mcctl(args.toArray(String[]::new));
        assertThat(first.code()).as(first.output()).isZero();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("recurring");
            assertThat(s.getRun()).isNotNull();
            assertThat(s.getRun().newRows()).isZero();
        });
        String firstRun = status("recurring").getRun().id();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var c = condition("recurring", RecurrenceRuns.LAST_RUN_SUCCEEDED);
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RunFailed");
            assertThat(c.getMessage()).startsWith("Job " + failedJob + " (namespace " + LocalCluster.OPERATOR_NAMESPACE + ") failed")
                    .contains("DeadlineExceeded").contains("kubectl logs job/" + failedJob + " -n " + LocalCluster.OPERATOR_NAMESPACE);
            assertThat(client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("recurring");
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("RunFailed");
                assertThat(e.getMessage()).contains("job/" + failedJob);
            });
        });
        // a later run that completes (kwok completes a Job's pod) clears it
        client.resource(runOf(job, recurringPurpose + "-ok")).create();
        long firstRows = status("recurring").getRun().rows();
        String daveRow = rowOf(status("recurring").getRun().index(), "dave@tenant.example");
        Actors.as(REVIEWER).resource(signOffOf("recurring", "rita-recurring", firstRun, daveRow)).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status("recurring").getRun().decided()).isEqualTo(1));

        // a new binding; the next run (the same command) lists its row as new since the signed-off run
        client.resource(binding("erin-secrets", "secret-reader", "erin@tenant.example")).create();
        var second = ProcessRunner.mcctl(args.toArray(String[]::new));
        assertThat(second.code()).as(second.output()).isZero();
        assertThat(second.output()).contains("(signed off)").contains("1 new and 0 removed since run " + firstRun);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var s = status("recurring");
            assertThat(s.getRun().id()).isNotEqualTo(firstRun);
            assertThat(s.getRun().rows()).isEqualTo(firstRows + 1);
            assertThat(s.getRun().newRows()).isEqualTo(1);
            assertThat(s.getPreviousRun()).isEqualTo(firstRun);
        });
        var diff = JSON.readTree(client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(status("recurring").getRun().index())
                .get().getData().get(AccessExport.DIFF));
        assertThat(diff.path("previousRun").asText()).isEqualTo(firstRun);
        assertThat(diff.path("newRows")).extracting(JsonNode::asText).containsExactly(rowOf(status("recurring").getRun().index(), "erin@tenant.example"));
        assertThat(daveRow).isNotNull();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var c = condition("recurring", RecurrenceRuns.LAST_RUN_SUCCEEDED);
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("RunSucceeded");
            assertThat(c.getMessage()).startsWith("Job " + recurringPurpose + "-ok ");
        });

        // the review goes: its finalizer deletes the CronJob in the operator's namespace
        client.resources(AccessReview.class).inNamespace(namespace).withName("recurring").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.batch().v1().cronjobs().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(recurringPurpose).get()).isNull();
            assertThat(client.resources(AccessReview.class).inNamespace(namespace).withName("recurring").get()).isNull();
        });
    }

    /**
     * Bad scopes are conditions naming the field, set at reconcile from the namespaces the operator sees, and the review is
     * Stalled: listed namespaces that do not exist, a selector that matches none, a resource nobody serves, a selector the
     * API server cannot parse. A namespace created (or labelled) later clears the scope's part: the operator watches
     * namespaces.
     */
    @Test
    void aScopeThatMatchesNothingIsAConditionNamingTheFieldUntilAMatchingNamespaceAppears() {
        later = namespace + "-later";
        String label = "missioncontrol.dev/ar-scope-" + namespace.substring(namespace.lastIndexOf('-') + 1);
        var byName = review("by-name", "336h");
        byName.getSpec().getScope().setNamespaces(List.of(later));
        client.resource(byName).create();
        var byLabel = review("by-label", "336h");
        var selector = new AccessReviewSpec.Scope();
        selector.setSelector(label + "=yes");
        byLabel.getSpec().setScope(selector);
        byLabel.getSpec().setResources(List.of("core/configmaps", "example.com/widgets"));
        client.resource(byLabel).create();
        var unparsable = review("bad-selector", "336h");
        var bad = new AccessReviewSpec.Scope();
        bad.setSelector("team in prod");
        unparsable.getSpec().setScope(bad);
        client.resource(unparsable).create();

        // the admission policy checks a sign-off against the review it names only if that review exists: one naming a review
        // not (yet) there is admitted, even from a user in no reviewers list; once the review exists it is never recorded
        var early = await().atMost(TIMEOUT).ignoreExceptions().until(() -> Actors.as(OUTSIDER)
                .resource(signOffAs("later-review", "carol-early", "run-1", OUTSIDER, "0123456789abcdef")).create(), java.util.Objects::nonNull);
        java.time.Instant earlyAt = java.time.Instant.parse(early.getMetadata().getCreationTimestamp());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var c = condition("by-name", AccessReviewStatusAggregator.SCOPE_VALID);
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ScopeMatchesNothing");
            assertThat(c.getMessage()).startsWith("spec.scope.namespaces: none of the listed namespaces exists (" + later + ")");
            assertThat(condition("by-name", "Ready").getStatus()).isEqualTo("False");
            assertThat(condition("by-name", "Stalled").getReason()).isEqualTo("ScopeMatchesNothing");

            var l = condition("by-label", AccessReviewStatusAggregator.SCOPE_VALID);
            assertThat(l).isNotNull();
            assertThat(l.getReason()).isEqualTo("UnknownResource");
            assertThat(l.getMessage()).startsWith("spec.resources[1] example.com/widgets: the API server serves no such resource")
                    .contains("spec.scope.selector '" + label + "=yes' matches no namespace");
            assertThat(condition("by-label", "Stalled")).isNotNull();

            var u = condition("bad-selector", AccessReviewStatusAggregator.SCOPE_VALID);
            assertThat(u).isNotNull();
            assertThat(u.getReason()).isEqualTo("InvalidSelector");
            assertThat(u.getMessage()).startsWith("spec.scope.selector 'team in prod' is not a valid label selector");
        });

        // the namespace appears, with the label: the scope's part clears (a watch event, no polling by the operator)
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(later).addToLabels("missioncontrol.dev/test", "true")
                .addToLabels(label, "yes").endMetadata().build()).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var c = condition("by-name", AccessReviewStatusAggregator.SCOPE_VALID);
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ScopeMatches");
            assertThat(condition("by-name", "Stalled")).isNull();
            assertThat(condition("by-name", "Ready").getReason()).isEqualTo("AwaitingExport");
            var l = condition("by-label", AccessReviewStatusAggregator.SCOPE_VALID);
            assertThat(l.getReason()).isEqualTo("UnknownResource");
            assertThat(l.getMessage()).doesNotContain("spec.scope.selector");
        });
        // the label goes: the selector matches nothing again
        client.namespaces().withName(later).edit(n -> new NamespaceBuilder(n).editMetadata().removeFromLabels(label).endMetadata().build());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition("by-label", AccessReviewStatusAggregator.SCOPE_VALID).getMessage())
                .contains("spec.scope.selector '" + label + "=yes' matches no namespace"));
        await().atMost(TIMEOUT).until(() -> java.time.Instant.now().isAfter(earlyAt.plusSeconds(1))); // creation times have whole seconds
        client.resource(review("later-review", "336h")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var so = client.resources(AccessReviewSignOff.class).inNamespace(namespace).withName("carol-early").get().getStatus();
            assertThat(so).isNotNull();
            assertThat(so.getRecorded()).isZero();
            assertThat(Conditions.find(so.getConditions(), "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("CreatedBeforeReview");
                assertThat(c.getMessage()).startsWith("metadata.creationTimestamp " + early.getMetadata().getCreationTimestamp() + " is before");
            });
        });
        for (String name : List.of("by-name", "by-label", "bad-selector", "later-review")) {
            client.resources(AccessReview.class).inNamespace(namespace).withName(name).delete();
        }
    }

    /**
     * A run of the CronJob as `kubectl create job --from=cronjob/...` makes it: the jobTemplate, owned by the CronJob; as
     * the namespace's default ServiceAccount (the chart's exporter ServiceAccount is not installed here, and a pod naming
     * a missing one is refused).
     */
    static Job runOf(CronJob cronJob, String name) {
        var template = new io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder(cronJob.getSpec().getJobTemplate()).build();
        template.getSpec().getTemplate().getSpec().setServiceAccountName("default");
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob").withName(cronJob.getMetadata().getName())
                        .withUid(cronJob.getMetadata().getUid()).withController(true).build())
                .endMetadata().withSpec(new io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder(template.getSpec()).build()).build();
    }

    /** The id of the one row of {@code subject} in a run's index ConfigMap. */
    static String rowOf(String index, String subject) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(index).get().getData()
                .get(AccessExport.MATRIX_JSON).split("\n")) {
            if (!line.isBlank() && JSON.readTree(line).path("subject").asText().equals(subject)) {
                ids.add(JSON.readTree(line).path("id").asText());
            }
        }
        assertThat(ids).as(subject + "'s rows in " + index).hasSize(1);
        return ids.get(0);
    }

    static io.fabric8.kubernetes.api.model.rbac.RoleBinding binding(String name, String role, String user) {
        return new RoleBindingBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", role)
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject().build();
    }
}
