package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mcctl access-review export` and `verify` against the real API server and its RBAC authorizer: a fixture of roles and
 * bindings in three namespaces, every row confirmed and equal to the authorizer's own answers, the risk rule ids, the
 * stale bindings, a group held only in credentials, the signatures (and securesystemslib's agreement), the next run's
 * diff.
 */
@Tag("integration")
class AccessReviewExportIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> RESOURCES = List.of("core/configmaps", "core/secrets", "core/pods/exec", "apps/deployments",
            "rbac.authorization.k8s.io/roles");
    static final List<String> VERBS = List.of("get", "list", "create", "delete", "escalate", "bind");

    static KubernetesClient admin;
    static String suffix;
    static String a;
    static String b;
    static String c;
    static String purpose;
    static Path ring;
    static Path firstRun;

    static String u(String name) {
        return "ar-" + suffix + "-" + name;
    }

    @BeforeAll
    static void fixture(@TempDir Path tmp) throws Exception {
        admin = LocalCluster.client();
        LocalCluster.installCrds(admin);
        a = LocalCluster.createNamespace(admin, "ar-a");
        b = LocalCluster.createNamespace(admin, "ar-b");
        c = LocalCluster.createNamespace(admin, "ar-c");
        suffix = a.substring(a.lastIndexOf('-') + 1);
        // a: a Role bound to a user; an aggregated ClusterRole (its rules come from a labelled ClusterRole) bound to a group
        role(a, "cm-reader", rule("", "configmaps", "get", "list"));
        bind(a, "alice-reads", "Role", "cm-reader", user(u("alice")));
        admin.resource(new ClusterRoleBuilder().withNewMetadata().withName(u("leaf")).addToLabels("ar-test/" + suffix, "true").endMetadata()
                .withRules(rule("apps", "deployments", "create", "delete")).build()).create();
        admin.resource(new ClusterRoleBuilder().withNewMetadata().withName(u("aggregate")).endMetadata().withNewAggregationRule()
                .addNewClusterRoleSelector().addToMatchLabels("ar-test/" + suffix, "true").endClusterRoleSelector().endAggregationRule().build()).create();
        bind(a, "devs-deploy", "ClusterRole", u("aggregate"), group(u("devs")));
        admin.serviceAccounts().inNamespace(a).resource(new ServiceAccountBuilder().withNewMetadata().withName("deployer").endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(a).resource(new ServiceAccountBuilder().withNewMetadata().withName("ci").endMetadata().build()).create();
        // b: cluster-admin in a namespace; a binding to a Role that does not exist; pods/exec to a live and a missing ServiceAccount
        bind(b, "root-admin", "ClusterRole", "cluster-admin", user(u("root")));
        bind(b, "ghost", "Role", "deleted-role", user(u("ghost")));
        role(b, "exec", rule("", "pods/exec", "create"));
        bind(b, "exec", "Role", "exec", sa(a, "deployer"), sa(b, "gone"));
        // c: secrets read by another namespace's ServiceAccount; escalate/bind on roles; a group only credentials hold
        role(c, "secret-reader", rule("", "secrets", "get"));
        bind(c, "ci-secrets", "Role", "secret-reader", sa(a, "ci"));
        role(c, "role-admin", rule("rbac.authorization.k8s.io", "roles", "escalate", "bind"));
        bind(c, "bob-roles", "Role", "role-admin", user(u("bob")));
        role(c, "cm-get", rule("", "configmaps", "get"));
        bind(c, "auditors", "Role", "cm-get", group(u("oidc-auditors")));

        purpose = "access-review-test-" + suffix;
        var signer = new SigningKeys(admin, LocalCluster.OPERATOR_NAMESPACE).signer(purpose, Instant.now());
        ring = tmp.resolve("ring.json");
        Files.writeString(ring, signer.ring().toJson());
        // one export of the fixture, shared: the rows test reads it, the verify test edits copies, the next run diffs against it
        firstRun = tmp.resolve("run-1");
        export(firstRun, "--run", "run-1");
    }

    @AfterAll
    static void cleanUp() {
        if (admin == null) {
            return;
        }
        for (String ns : new String[] {a, b, c}) {
            if (ns != null) {
                admin.namespaces().withName(ns).delete();
            }
        }
        admin.rbac().clusterRoles().withName(u("leaf")).delete();
        admin.rbac().clusterRoles().withName(u("aggregate")).delete();
        admin.secrets().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(SigningKeys.secretName(purpose)).delete();
        admin.close();
    }

    static ProcessRunner.Result export(Path out, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("access-review", "export", "--out", out.toString(), "--namespace", a + "," + b + "," + c,
                "--resource", String.join(",", RESOURCES), "--verb", String.join(",", VERBS),
                "--extra-subject", u("carol") + "=" + u("oidc-auditors"),
                "--signing-secret", SigningKeys.secretName(purpose), "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE,
                "--review", a + "/quarterly"));
        args.addAll(List.of(more));
        var r = ProcessRunner.mcctl(args.toArray(String[]::new));
        assertThat(r.code()).as(r.output()).isZero();
        return r;
    }

    static List<JsonNode> rows(Path dir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(AccessExport.MATRIX_JSON))) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    static List<JsonNode> of(List<JsonNode> rows, String subject) {
        return rows.stream().filter(r -> r.path("subject").asText().equals(subject)).toList();
    }

    static Set<String> risks(List<JsonNode> rows) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> r.path("risks").forEach(x -> out.add(x.asText())));
        return out;
    }

    @Test
    void theExportedRowsAreTheAuthorizersAnswersWithRisksAndStaleBindingsFlagged(@TempDir Path tmp) throws Exception {
        ExecutorService authorizer = Executors.newFixedThreadPool(8);
        try {
            rowsAreTheAuthorizersAnswers(authorizer);
        } finally {
            authorizer.shutdownNow();
        }
    }

    private void rowsAreTheAuthorizersAnswers(ExecutorService authorizer) throws Exception {
        Path out = firstRun;
        List<JsonNode> rows = rows(out);

        // every walked row is confirmed by the authorizer; stale roleRef rows grant nothing and are not asked
        assertThat(rows).allSatisfy(r -> assertThat(r.path("confirmation").asText()).as(r.toString())
                .isIn("allowed", "not-applicable"));
        assertThat(Files.readAllLines(out.resolve(AccessExport.DISCREPANCIES))).noneMatch(l -> l.contains("WalkedNotAllowed"));

        // and for the fixture's subjects, the rows are exactly what the authorizer allows: nothing more, nothing less
        record Who(String kind, String name, String saNamespace, String user, List<String> groups) {
        }
        List<Who> subjects = List.of(new Who("User", u("alice"), "", u("alice"), List.of()), new Who("User", u("root"), "", u("root"), List.of()),
                new Who("User", u("bob"), "", u("bob"), List.of()),
                new Who("Group", u("devs"), "", "missioncontrol.dev:access-review:group-probe", List.of(u("devs"))),
                new Who("ServiceAccount", "deployer", a, "system:serviceaccount:" + a + ":deployer", List.of()),
                new Who("ServiceAccount", "ci", a, "system:serviceaccount:" + a + ":ci", List.of()));
        for (Who who : subjects) {
            Set<String> walked = new HashSet<>();
            rows.stream().filter(r -> r.path("subjectKind").asText().equals(who.kind()) && r.path("subject").asText().equals(who.name())
                    && r.path("subjectNamespace").asText().equals(who.saNamespace()))
                    .forEach(r -> walked.add(r.path("verb").asText() + " " + r.path("group").asText() + "/" + r.path("resource").asText() + " "
                            + r.path("namespace").asText()));
            // every (namespace, resource, verb) asked of the authorizer, a few at a time: the answers are what matter, not the order
            List<Callable<String>> questions = new ArrayList<>();
            for (String ns : List.of(a, b, c)) {
                for (String res : RESOURCES) {
                    String[] p = res.split("/");
                    for (String verb : VERBS) {
                        var sar = new SubjectAccessReviewBuilder().withNewSpec().withUser(who.user()).withGroups(who.groups())
                                .withNewResourceAttributes().withNamespace(ns).withVerb(verb).withGroup(p[0].equals("core") ? "" : p[0])
                                .withResource(p[1]).withSubresource(p.length > 2 ? p[2] : "").endResourceAttributes().endSpec().build();
                        questions.add(() -> admin.authorization().v1().subjectAccessReview().create(sar).getStatus().getAllowed()
                                ? verb + " " + p[0] + "/" + (p.length > 2 ? p[1] + "/" + p[2] : p[1]) + " " + ns : null);
                    }
                }
            }
            Set<String> allowed = new HashSet<>();
            for (Future<String> answer : authorizer.invokeAll(questions)) {
                if (answer.get() != null) {
                    allowed.add(answer.get());
                }
            }
            assertThat(walked).as("rows of " + who.kind() + " " + who.name()).isEqualTo(allowed).isNotEmpty();
        }

        // the aggregated ClusterRole's rules come from the ClusterRole it selects
        assertThat(of(rows, u("devs"))).extracting(r -> r.path("verb").asText() + " " + r.path("resource").asText())
                .containsExactlyInAnyOrder("create deployments", "delete deployments");
        assertThat(of(rows, u("alice"))).allSatisfy(r -> assertThat(r.path("risks")).isEmpty());
        assertThat(risks(of(rows, u("root")))).contains("cluster-admin", "wildcard-verb", "wildcard-resource", "pods-exec",
                "escalate-bind-impersonate");
        assertThat(of(rows, "deployer")).singleElement().satisfies(r -> assertThat(risks(List.of(r))).containsExactly("pods-exec"));
        assertThat(of(rows, "gone")).singleElement().satisfies(r -> assertThat(risks(List.of(r))).containsExactly("pods-exec", "stale-serviceaccount"));
        assertThat(of(rows, "ci")).singleElement().satisfies(r -> assertThat(risks(List.of(r))).containsExactly("secrets-read-cross-namespace"));
        assertThat(risks(of(rows, u("bob")))).containsExactly("escalate-bind-impersonate");
        assertThat(of(rows, u("ghost"))).singleElement().satisfies(r -> {
            assertThat(r.path("verb").asText()).isEqualTo("none");
            assertThat(risks(List.of(r))).containsExactly("stale-roleref");
            assertThat(r.path("confirmation").asText()).isEqualTo("not-applicable");
        });

        // the user whose group only its credentials hold: found by the authorizer, a discrepancy of the walk
        List<JsonNode> discrepancies = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(AccessExport.DISCREPANCIES))) {
            discrepancies.add(JSON.readTree(line));
        }
        assertThat(discrepancies).filteredOn(d -> d.path("subject").asText().equals("User:" + u("carol"))).singleElement().satisfies(d -> {
            assertThat(d.path("type").asText()).isEqualTo("AllowedNotWalked");
            assertThat(d.path("verb").asText() + " " + d.path("resource").asText() + " " + d.path("namespace").asText())
                    .isEqualTo("get configmaps " + c);
        });
        assertThat(of(rows, u("carol"))).isEmpty();

        // CSV: same rows, same digests
        List<String> csv = Files.readAllLines(out.resolve(AccessExport.MATRIX_CSV));
        assertThat(csv).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(csv.get(i + 1)).startsWith(rows.get(i).path("id").asText() + ",").endsWith("," + rows.get(i).path("sha256").asText());
        }
    }

    @Test
    void verifyAcceptsTheExportAndRejectsAnEditedCellARemovedRowAndAForeignKey(@TempDir Path tmp) throws Exception {
        Path out = copy(firstRun, tmp.resolve("export"));
        var ok = ProcessRunner.mcctl("access-review", "verify", out.toString(), "--public-keys", ring.toString());
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.stdout()).startsWith("OK");
        var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--access-review", out.toString(), ring.toString());
        assertThat(python.code()).as(python.output()).isZero();

        Path edited = copy(out, tmp.resolve("edited"));
        Path csv = edited.resolve(AccessExport.MATRIX_CSV);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(1, lines.get(1).replaceFirst(",(get|list|create|delete|escalate|bind|none),", ",watch,"));
        Files.write(csv, lines);
        var editedResult = ProcessRunner.mcctl("access-review", "verify", edited.toString(), "--public-keys", ring.toString());
        assertThat(editedResult.code()).as(editedResult.output()).isEqualTo(1);
        assertThat(editedResult.stdout()).contains("matrix.csv line 2").contains("cell edited");
        assertThat(ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--access-review", edited.toString(), ring.toString()).code()).isEqualTo(1);

        Path removed = copy(out, tmp.resolve("removed"));
        for (String f : List.of(AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV)) {
            List<String> all = new ArrayList<>(Files.readAllLines(removed.resolve(f)));
            all.remove(all.size() - 1);
            Files.write(removed.resolve(f), all);
        }
        var removedResult = ProcessRunner.mcctl("access-review", "verify", removed.toString(), "--public-keys", ring.toString());
        assertThat(removedResult.code()).isEqualTo(1);
        assertThat(removedResult.stdout()).contains("row removed");
        assertThat(ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--access-review", removed.toString(), ring.toString()).code()).isEqualTo(1);

        Path foreign = tmp.resolve("foreign.json");
        Files.writeString(foreign, KeyRing.of(purpose, Ed25519Keys.generate().getPublic(), Instant.now().toString()).toJson());
        var foreignResult = ProcessRunner.mcctl("access-review", "verify", out.toString(), "--public-keys", foreign.toString());
        assertThat(foreignResult.code()).isEqualTo(1);
        assertThat(foreignResult.stdout()).contains("not in the trusted key ring");
        assertThat(ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--access-review", out.toString(), foreign.toString()).code()).isEqualTo(1);
    }

    @Test
    void theNextRunListsRowsNewAndRemovedSinceTheLastSignedReview(@TempDir Path tmp) throws Exception {
        Path first = firstRun;
        bind(c, "dana-reads", "Role", "cm-get", user(u("dana")));
        admin.rbac().roleBindings().inNamespace(a).withName("alice-reads").delete();
        try {
            Path second = tmp.resolve("second");
            var r = export(second, "--run", "q2", "--previous", first.toString());
            assertThat(r.stdout()).contains("1 new and 2 removed since run run-1");
            var diff = JSON.readTree(second.resolve(AccessExport.DIFF).toFile());
            List<JsonNode> before = rows(first);
            List<JsonNode> after = rows(second);
            assertThat(diff.path("previousRun").asText()).isEqualTo("run-1");
            assertThat(diff.path("newRows")).extracting(JsonNode::asText).containsExactly(of(after, u("dana")).get(0).path("id").asText());
            assertThat(diff.path("removedRows")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrderElementsOf(of(before, u("alice")).stream().map(n -> n.path("id").asText()).toList());
            var v = ProcessRunner.mcctl("access-review", "verify", second.toString(), "--public-keys", ring.toString());
            assertThat(v.code()).as(v.output()).isZero();
        } finally {
            admin.rbac().roleBindings().inNamespace(c).withName("dana-reads").delete();
            bind(a, "alice-reads", "Role", "cm-reader", user(u("alice")));
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
    }

    static void role(String ns, String name, PolicyRule... rules) {
        admin.resource(new RoleBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withRules(rules).build()).create();
    }

    static void bind(String ns, String name, String roleKind, String role, Subject... subjects) {
        admin.resource(new RoleBindingBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io").withKind(roleKind).withName(role).endRoleRef().withSubjects(subjects).build()).create();
    }

    static Subject user(String name) {
        return new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    static Subject group(String name) {
        return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    static Subject sa(String ns, String name) {
        return new SubjectBuilder().withKind("ServiceAccount").withNamespace(ns).withName(name).build();
    }
}
