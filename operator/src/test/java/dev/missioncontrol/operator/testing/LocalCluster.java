package dev.missioncontrol.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real control plane the tests run against: whatever KUBECONFIG names (`make test` points it at the
 * local kwok cluster that `make cluster-up` starts). Tests fail, not skip, when it is unreachable.
 */
public final class LocalCluster {

    /** Committed CRDs, relative to the operator module (Maven's working directory). */
    public static final Path CRDS = Path.of("..", "crds");

    private LocalCluster() {
    }

    public static KubernetesClient client() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: run the tests with `make test`, which starts the local "
                    + "control plane (make cluster-up) and points KUBECONFIG at it.");
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("The cluster in KUBECONFIG=" + kubeconfig + " is not reachable; run `make cluster-up`.", e);
        }
        return client;
    }

    /** The operator's own namespace (signing keys, archived records), as the chart's release namespace would be. */
    public static final String OPERATOR_NAMESPACE = "mission-control-system";

    /**
     * Installs the committed CRDs (server-side apply) and waits until the API server serves them; creates the
     * operator's namespace, which an installed chart would have.
     */
    public static void installCrds(KubernetesClient client) {
        apply(client, crdFiles());
        if (client.namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
            client.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE)
                    .endMetadata().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        }
    }

    /**
     * The Prometheus Operator's PrometheusRule and ServiceMonitor CRDs, as `make test` fetched them
     * (MC_PROMETHEUS_OPERATOR_CRDS): a cluster with the Prometheus Operator, which is what most tests assume.
     */
    public static void installPrometheusOperatorCrds(KubernetesClient client) {
        String dir = System.getenv("MC_PROMETHEUS_OPERATOR_CRDS");
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("MC_PROMETHEUS_OPERATOR_CRDS does not name the Prometheus Operator's CRDs: run the "
                    + "tests with `make test` (hack/build-tools.sh fetches them)");
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            apply(client, files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private static void apply(KubernetesClient client, List<Path> crds) {
        for (Path file : crds) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                crd.getMetadata().setManagedFields(null);
                client.resource(crd).forceConflicts().fieldManager("mission-control-tests").serverSideApply();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream()
                                .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                                30, TimeUnit.SECONDS);
                awaitServed(client, crd);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
    }

    /**
     * Established is not always the moment the API server serves a new CRD's resources; the operator's informers
     * fail its startup when a list is refused, so wait until one succeeds.
     */
    private static void awaitServed(KubernetesClient client, CustomResourceDefinition crd) {
        var spec = crd.getSpec();
        String version = spec.getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed())).findFirst()
                .orElseThrow().getName();
        String apiVersion = spec.getGroup() + "/" + version;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.genericKubernetesResources(apiVersion, spec.getNames().getKind()).inAnyNamespace().list();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the API server does not serve " + apiVersion + " "
                            + spec.getNames().getKind() + " 30 s after its CRD was applied", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    public static List<Path> crdFiles() {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + CRDS.toAbsolutePath(), e);
        }
    }

    /** A fresh namespace for one test class; delete it with {@link #deleteNamespace}. */
    public static String createNamespace(KubernetesClient client, String prefix) {
        String name = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("missioncontrol.dev/test", "true").endMetadata().build()).create();
        // The namespace's default ServiceAccount is needed before pods can be created in it.
        client.serviceAccounts().inNamespace(name).withName("default")
                .waitUntilCondition(sa -> sa != null, Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
        return name;
    }

    /**
     * Deletes the namespaces an earlier run of a test left behind (named {@code prefix-*}: a run killed, or failed before
     * its cleanup) and waits until they are gone, so their objects cannot meet this run's (this long-lived cluster is
     * shared by every run on the machine). Call it before creating this run's namespaces with that prefix.
     */
    public static void deleteLeftovers(KubernetesClient client, String prefix) {
        var leftovers = client.namespaces().list().getItems().stream()
                .filter(n -> n.getMetadata().getName().startsWith(prefix + "-")).toList();
        for (var n : leftovers) {
            client.namespaces().resource(n).delete();
        }
        for (var n : leftovers) {
            client.namespaces().withName(n.getMetadata().getName()).waitUntilCondition(java.util.Objects::isNull, 120, TimeUnit.SECONDS);
        }
    }

    public static void deleteNamespace(KubernetesClient client, String name) {
        if (client != null && name != null) {
            client.namespaces().withName(name).delete();
        }
    }

    /**
     * A test class's teardown: deletes its namespace and closes its client. Null-safe, so a class whose setup
     * failed reports that failure and not a second one from its teardown.
     */
    public static void release(KubernetesClient client, String namespace) {
        if (client != null) {
            try {
                deleteNamespace(client, namespace);
            } finally {
                client.close();
            }
        }
    }
}
