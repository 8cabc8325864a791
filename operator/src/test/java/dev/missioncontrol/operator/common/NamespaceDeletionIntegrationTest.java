package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec;
import dev.missioncontrol.operator.testing.ApiServerAuditLog;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Deleting a namespace is routine: the operator counts no error reconciliation (the chart's reconcile-error alert reads
 * result="error"), logs no WARN or ERROR with a stack trace, and sends (almost) no writes the API server must refuse
 * because the namespace is being terminated.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class NamespaceDeletionIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String NOWHERE = "http://127.0.0.1:9";
    /**
     * Refused writes allowed after the deletion began: the reconciliations in flight when the namespace starts refusing
     * each learn it from their own first refused write (a workflow applies its dependents in parallel, so up to one per
     * dependent); every later one returns before writing. Four reconciliation threads times at most six dependents.
     */
    static final int REFUSALS_IN_FLIGHT = 4 * 6;
    static final Pattern ERROR_SERIES = Pattern.compile("missioncontrol_reconciliations_total\\{kind=\"([A-Za-z]+)\",result=\"error\",?\\} ([0-9.E]+)");

    static KubernetesClient client;
    static String namespace;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-ns-delete");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void deletingANamespaceFullOfEveryKindIsRoutine() throws Exception {
        List<HasMetadata> created = new ArrayList<>();
        MarketplaceSources.licenseText(client, namespace, "terms", MarketplaceSources.TERMS);
        created.add(client.resource(MarketplaceSources.source(namespace, "weather", "terms", MarketplaceSources.TERMS,
                Instant.now().plus(30, ChronoUnit.DAYS))).create());
        // As the admission policies require: the requester creates the request, a reviewer approves it.
        created.add(ConnectRequests.create(ConnectRequests.request(namespace, "weather-acme", "weather", "acme", ConnectRequests.approve())));
        for (int i = 0; i < 6; i++) {
            created.add(client.resource(FederationCohorts.rollout(namespace, "cohort-" + i, List.of("t" + i + "a", "t" + i + "b"), NOWHERE,
                    "2s", 50, 1, 2)).create());
        }
        created.add(Actors.reviewer().resource(PredictiveRollouts.go(namespace, "ranker", NOWHERE, "30s",
                List.of(List.of("acme"), List.of("globex")))).create());
        String inAMonth = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        created.add(Actors.reviewer().resource(PredictiveRollouts.noGo(namespace, "ranker-v2", inAMonth, List.of(
                new RemediationSpec.Milestone("bias-audit", "Bias audit", "ml-team", inAMonth, false)))).create());
        created.add(client.resource(MeteringRotations.rotation(namespace, "usage", List.of("acme", "globex"), NOWHERE, "1h",
                Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS), "10m")).create());
        created.add(client.resource(SearchSLOs.availability(namespace, "availability")).create());

        // Every object reconciled: its owned objects exist, and its status says Reconciled.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (HasMetadata r : created) {
                var live = client.resource(r).get();
                assertThat(live).as(r.getKind() + " " + r.getMetadata().getName()).isNotNull();
                var status = ((io.fabric8.kubernetes.client.CustomResource<?, ?>) live).getStatus();
                assertThat(status).as(r.getKind() + " " + r.getMetadata().getName() + " has a status").isNotNull();
                assertThat(dev.missioncontrol.operator.status.Conditions.find(
                        ((dev.missioncontrol.operator.api.v1alpha1.HasConditions) status).getConditions(), ReconcileErrors.RECONCILED))
                        .as(r.getKind() + " " + r.getMetadata().getName() + " reconciled").isPresent();
            }
        });
        Thread.sleep(2000); // let the last wave of reconciliations (status changes wake them) finish

        double errorsBefore = errorReconciliations(scrape());
        var audit = ApiServerAuditLog.ofLocalCluster();
        List<LogRecord> traces = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    traces.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        long mark;
        try {
            mark = audit.mark();
            client.namespaces().withName(namespace).delete();
            await().atMost(TIMEOUT).until(() -> client.namespaces().withName(namespace).get() == null);
            Thread.sleep(3000); // reconciliations the last deletions woke
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }

        var writes = audit.writesSince(mark, namespace);
        var refused = writes.stream().filter(w -> w.code() == 403).toList();
        double errorsAfter = errorReconciliations(scrape());
        System.out.printf("[it] namespace %s deleted: %d writes by the operator after, %d refused (403); error reconciliations %s -> %s; "
                + "%d WARN/ERROR log records%n", namespace, writes.size(), refused.size(), errorsBefore, errorsAfter, traces.size());
        refused.forEach(w -> System.out.println("[it]   refused: " + w));
        traces.forEach(t -> System.out.println("[it]   log: " + t.getLevel() + " " + t.getLoggerName() + ": " + t.getMessage()));

        assertThat(errorsAfter).as("missioncontrol_reconciliations_total{result=\"error\"} while a namespace was deleted")
                .isEqualTo(errorsBefore);
        assertThat(refused.size()).as("writes the API server refused in the terminating namespace: " + refused)
                .isLessThanOrEqualTo(REFUSALS_IN_FLIGHT);
        assertThat(traces).as("WARN/ERROR log records with a stack trace while a namespace was deleted")
                .filteredOn(t -> t.getThrown() != null).isEmpty();
    }

    static double errorReconciliations(String text) {
        double sum = 0;
        Matcher m = ERROR_SERIES.matcher(text);
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    String scrape() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
