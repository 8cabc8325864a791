package dev.missioncontrol.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.testing.ControlPlaneProcess;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `make cluster-up` heals the local control plane: kube-controller-manager and kube-scheduler exit after an API server
 * stall (they cannot renew their leader Lease), and cluster-up then found the API server answering and said "already
 * running". Here both are stopped; hack/cluster-up.sh must start them again, on the same cluster (a namespace made
 * before is still there), and the restarted scheduler must place a new Pod. Stops processes of the cluster it runs on:
 * a cluster of its own only (make test-faults).
 */
@Tag("faults")
class ClusterUpHealFaultIT {

    static final List<String> STOPPED = List.of("kube-controller-manager", "kube-scheduler");
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = "mc-heal-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.namespaces().withName(namespace).delete();
            client.close();
        }
    }

    @Test
    void clusterUpRestartsTheComponentsThatExited() throws Exception {
        Path clusterDir = Path.of(System.getenv("KUBECONFIG")).toAbsolutePath().getParent();
        String clusterName = clusterDir.getFileName().toString();
        var processes = ControlPlaneProcess.ofKubeconfigCluster();
        for (String name : STOPPED) {
            processes.get(name).stop();
            assertThat(processes.get(name).isRunning()).as("%s stopped", name).isFalse();
        }
        assertThat(client.raw("/readyz")).as("the API server still answers: cluster-up used to stop here").isEqualTo("ok");

        var result = ProcessRunner.run(Duration.ofMinutes(4), List.of("env", "CLUSTER_NAME=" + clusterName, "bash",
                Path.of("..", "hack", "cluster-up.sh").toString()));
        System.out.printf("[heal] cluster-up exited %d:%n%s%n", result.code(), result.stderr().strip());
        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.stderr()).contains("restarted kube-controller-manager kube-scheduler").doesNotContain("recreating", "creating cluster");

        var after = ControlPlaneProcess.ofKubeconfigCluster();
        for (String name : STOPPED) {
            long pid = Long.parseLong(Files.readString(clusterDir.resolve("pids").resolve(name + ".pid")).trim());
            assertThat(pid).as("%s has a new process", name).isNotEqualTo(processes.get(name).pid());
            assertThat(after.get(name).isRunning()).as("%s runs again", name).isTrue();
        }
        assertThat(client.raw("/readyz")).isEqualTo("ok");
        assertThat(client.namespaces().withName(namespace).get()).as("the same cluster, not a new one").isNotNull();

        // The restarted controller-manager and scheduler work: a ServiceAccount appears, a new Pod is placed on a node.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
        client.resource(new PodBuilder().withNewMetadata().withName("placed").withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("example.invalid/none:1").endContainer().endSpec().build()).create();
        Pod placed = await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(namespace).withName("placed").get(),
                p -> p != null && p.getSpec().getNodeName() != null);
        System.out.printf("[heal] pod placed on %s by the restarted scheduler%n", placed.getSpec().getNodeName());
    }
}
