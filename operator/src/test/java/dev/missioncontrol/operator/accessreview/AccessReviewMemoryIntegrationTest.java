package dev.missioncontrol.operator.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scope of 50 namespaces with 300 RoleBindings (two users each) exported by mcctl in a JVM whose heap is capped at
 * {@value #HEAP} (an export that held the whole matrix or every namespace's RBAC at once would need more as scopes grow;
 * this one streams namespace by namespace), and the largest heap in use (from the GC log) is printed for the docs.
 */
@Tag("integration")
class AccessReviewMemoryIntegrationTest {

    static final String HEAP = "64m";
    static final int NAMESPACES = 50;
    static final int BINDINGS_PER_NAMESPACE = 6;
    static KubernetesClient admin;
    static String prefix;
    static List<String> namespaces = new ArrayList<>();
    static String purpose;

    @BeforeAll
    static void fixture() {
        admin = LocalCluster.client();
        prefix = "ar-mem-" + UUID.randomUUID().toString().substring(0, 6);
        admin.resource(new ClusterRoleBuilder().withNewMetadata().withName(prefix).endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps", "secrets").withVerbs("get", "list").build())
                .build()).create();
        for (int n = 0; n < NAMESPACES; n++) {
            String ns = prefix + "-" + n;
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("missioncontrol.dev/test", "true").endMetadata().build())
                    .create();
            namespaces.add(ns);
            for (int b = 0; b < BINDINGS_PER_NAMESPACE; b++) {
                admin.resource(new RoleBindingBuilder().withNewMetadata().withNamespace(ns).withName("b" + b).endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", prefix)
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("u" + b + "a@" + ns).endSubject()
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("u" + b + "b@" + ns).endSubject()
                        .build()).create();
            }
        }
        purpose = prefix;
        new SigningKeys(admin, LocalCluster.OPERATOR_NAMESPACE).signer(purpose, Instant.now());
    }

    @AfterAll
    static void cleanUp() {
        if (admin == null) {
            return;
        }
        namespaces.forEach(ns -> admin.namespaces().withName(ns).delete());
        admin.rbac().clusterRoles().withName(prefix).delete();
        admin.secrets().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(SigningKeys.secretName(purpose)).delete();
        admin.close();
    }

    @Test
    void fiftyNamespacesAndThreeHundredBindingsExportWithABoundedHeap(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("export");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP,
                "-Xlog:gc:stdout", "-jar", ProcessRunner.MCCTL.toString(), "access-review", "export", "--out", out.toString(),
                "--namespace", String.join(",", namespaces), "--resource", "core/configmaps,core/secrets", "--verb", "get,list",
                "--signing-secret", SigningKeys.secretName(purpose), "--operator-namespace", LocalCluster.OPERATOR_NAMESPACE, "--run", "mem"));
        long started = System.nanoTime();
        var r = ProcessRunner.run(Duration.ofMinutes(5), command);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(r.code()).as(r.output()).isZero();
        int rows = NAMESPACES * BINDINGS_PER_NAMESPACE * 2 * 4;
        assertThat(r.stdout()).contains("run mem: " + rows + " rows");
        // the largest heap in use before a collection, from lines such as "Pause Young ... 24M->5M(64M)"
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(r.stdout());
        int peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Integer.parseInt(m.group(1)));
        }
        System.out.printf("[memory] %d namespaces, %d bindings, %d rows: exported in %d s with -Xmx%s, peak heap in use %d MiB%n",
                NAMESPACES, NAMESPACES * BINDINGS_PER_NAMESPACE, rows, seconds, HEAP, peak);
        assertThat(peak).as("the GC log was read").isPositive();
        var verify = AccessExport.rowIds(out);
        assertThat(verify).hasSize(rows);
    }
}
