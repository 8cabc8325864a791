package dev.missioncontrol.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's namespace on the local control plane, the gateway metrics stand-in ({@link SearchMetrics}) and a real
 * Prometheus scraping it every second ({@link PrometheusServer}): what every test of gates, SLOs and usage windows
 * needs. Register it on a static field; it starts before the class's own {@code @BeforeAll} methods and stops after
 * its {@code @AfterAll} methods, deleting the namespace.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PrometheusScrapingExtension cluster = PrometheusScrapingExtension.inNamespace("mc-rollout");
 * ... cluster.metrics().healthy("acme"); FederationCohorts.rollout(cluster.namespace(), ..., cluster.prometheusAddress(), ...)
 * </pre>
 */
public final class PrometheusScrapingExtension implements BeforeAllCallback, AfterAllCallback {

    private final String namespacePrefix;
    private boolean installCrds;
    private Consumer<SearchMetrics> initialMetrics = m -> { };

    private KubernetesClient client;
    private String namespace;
    private SearchMetrics metrics;
    private PrometheusServer prometheus;

    private PrometheusScrapingExtension(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    /** A fresh namespace named PREFIX-xxxxxxxx for the test class. */
    public static PrometheusScrapingExtension inNamespace(String namespacePrefix) {
        return new PrometheusScrapingExtension(namespacePrefix);
    }

    /** Installs the committed CRDs first: for tests that start the operator themselves instead of {@code @QuarkusTest}. */
    public PrometheusScrapingExtension installingCrds() {
        this.installCrds = true;
        return this;
    }

    /** The series the exporter serves before Prometheus first scrapes it. */
    public PrometheusScrapingExtension withMetrics(Consumer<SearchMetrics> initial) {
        this.initialMetrics = initial;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        client = LocalCluster.client();
        if (installCrds) {
            LocalCluster.installCrds(client);
        }
        namespace = LocalCluster.createNamespace(client, namespacePrefix);
        metrics = SearchMetrics.start();
        initialMetrics.accept(metrics);
        prometheus = PrometheusServer.start(metrics.target());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            LocalCluster.release(client, namespace);
        } finally {
            try {
                if (prometheus != null) {
                    prometheus.close();
                }
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    /** The exporter: set each tenant's series here; they take effect on the next scrape. */
    public SearchMetrics metrics() {
        return metrics;
    }

    /** The Prometheus process itself, for tests that stop and restart it. */
    public PrometheusServer prometheus() {
        return prometheus;
    }

    /** The Prometheus address for a spec's prometheus.address. */
    public String prometheusAddress() {
        return prometheus.address();
    }
}
