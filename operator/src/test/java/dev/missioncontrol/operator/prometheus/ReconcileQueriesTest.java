package dev.missioncontrol.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Inside a reconciliation, the operator's Prometheus client never waits on the wire: against a real loopback
 * Prometheus that accepts connections and never answers, the call returns at once with a placeholder, the
 * reconciliation is told to decide nothing, and a real answer wakes the resource and is found by its next pass.
 */
@Tag("unit")
class ReconcileQueriesTest {

    static final String ANSWER = """
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.25"]}]}}""";

    final PrometheusClient client = OperatorPrometheusClient.create();
    final List<Socket> stalled = new ArrayList<>();
    ServerSocket stalling;
    HttpServer answering;
    final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void servers() throws IOException {
        stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!stalling.isClosed()) {
                try {
                    stalled.add(stalling.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        answering = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answering.createContext("/api/v1/query", exchange -> {
            answered.incrementAndGet();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        answering.start();
    }

    @AfterEach
    void close() throws IOException {
        stalling.close();
        for (Socket s : stalled) {
            s.close();
        }
        answering.stop(0);
    }

    @Test
    void aStallingPrometheusNeverHoldsTheReconcileThread() {
        var wake = new CountingWake();
        String dead = "http://127.0.0.1:" + stalling.getLocalPort();
        try (var pass = ReconcileQueries.open("FederationCohort", cohort("stalled"), wake)) {
            // Returns at once: the connection is accepted and never answered, and the client's timeout is 10 s.
            QueryResult r = client.query(dead, "up");
            assertThat(r.failure()).isEqualTo(QueryResult.Failure.Pending);
            assertThat(pass.pending()).isTrue();
            assertThat(pass.deferred().getScheduleDelay()).contains(ReconcileQueries.RECHECK.toMillis());
        }
    }

    @Test
    void anAnswerWakesTheResourceAndItsNextPassDecidesWithIt() throws Exception {
        var wake = new CountingWake();
        String live = "http://127.0.0.1:" + answering.getAddress().getPort();
        var cohort = cohort("live");
        try (var pass = ReconcileQueries.open("FederationCohort", cohort, wake)) {
            assertThat(client.query(live, "rate(a[5m])").failure()).isEqualTo(QueryResult.Failure.Pending);
            assertThat(client.query(live, "rate(b[5m])").failure()).as("sent at once too, not after the first")
                    .isEqualTo(QueryResult.Failure.Pending);
        }
        assertThat(wake.await(2)).as("both answers woke the cohort").isTrue();
        assertThat(wake.woken).allMatch(id -> id.equals(ResourceID.fromResource(cohort)));
        try (var pass = ReconcileQueries.open("FederationCohort", cohort, wake)) {
            assertThat(client.query(live, "rate(a[5m])").value()).isEqualTo(0.25);
            // Asked twice in one pass, one answer.
            assertThat(client.query(live, "rate(a[5m])").value()).isEqualTo(0.25);
            assertThat(client.query(live, "rate(b[5m])").value()).isEqualTo(0.25);
            assertThat(pass.pending()).isFalse();
        }
        assertThat(answered).as("requests that reached Prometheus").hasValue(2);
    }

    @Test
    void answersTakenOnADeferredPassAreThereForTheNextOne() throws Exception {
        var wake = new CountingWake();
        String live = "http://127.0.0.1:" + answering.getAddress().getPort();
        String dead = "http://127.0.0.1:" + stalling.getLocalPort();
        var cohort = cohort("mixed");
        try (var pass = ReconcileQueries.open("FederationCohort", cohort, wake)) {
            client.query(live, "up");
        }
        assertThat(wake.await(1)).isTrue();
        try (var pass = ReconcileQueries.open("FederationCohort", cohort, wake)) {
            assertThat(client.query(live, "up").value()).isEqualTo(0.25);
            assertThat(client.query(dead, "up").failure()).isEqualTo(QueryResult.Failure.Pending);
        }
        try (var pass = ReconcileQueries.open("FederationCohort", cohort, wake)) {
            assertThat(client.query(live, "up").value()).as("given back by the deferred pass").isEqualTo(0.25);
        }
        assertThat(answered).hasValue(1);
    }

    @Test
    void theNextPassDecidesAsOfTheInstantTheDeferredOneDid() throws Exception {
        var wake = new CountingWake();
        String live = "http://127.0.0.1:" + answering.getAddress().getPort();
        var cohort = cohort("pinned");
        var clock = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        java.time.Clock moving = new java.time.Clock() {
            public java.time.Instant instant() { return clock.get(); }
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId z) { return this; }
        };
        java.time.Instant first;
        try (var pass = ReconcileQueries.open("CacheWarmExperiment", cohort, wake)) {
            first = pass.now(moving);
            // A query naming the time, as a range up to now does.
            assertThat(client.query(live, "increase(hits[60s])", first).failure()).isEqualTo(QueryResult.Failure.Pending);
        }
        assertThat(wake.await(1)).isTrue();
        clock.set(first.plusSeconds(3));
        try (var pass = ReconcileQueries.open("CacheWarmExperiment", cohort, wake)) {
            assertThat(pass.now(moving)).as("pinned to the deferred pass's instant").isEqualTo(first);
            assertThat(client.query(live, "increase(hits[60s])", pass.now(moving)).value()).isEqualTo(0.25);
            assertThat(pass.pending()).isFalse();
        }
        try (var pass = ReconcileQueries.open("CacheWarmExperiment", cohort, wake)) {
            assertThat(pass.now(moving)).as("a pass that decided unpins").isEqualTo(first.plusSeconds(3));
        }
        assertThat(answered).hasValue(1);
    }

    @Test
    void outsideAReconciliationAQueryIsSentOnTheCallingThread() {
        String live = "http://127.0.0.1:" + answering.getAddress().getPort();
        assertThat(client.query(live, "up").value()).isEqualTo(0.25);
        // A pass without a wake source (a reconciler that does not register one) queries on its own thread too.
        try (var pass = ReconcileQueries.open("FederationCohort", cohort("plain"), null)) {
            assertThat(client.query(live, "up").value()).isEqualTo(0.25);
            assertThat(pass.pending()).isFalse();
        }
    }

    @Test
    void anAddressTheAllowlistRefusesIsAnsweredAtOnceWithoutARequest() {
        try (var pass = ReconcileQueries.open("FederationCohort", cohort("refused"), new CountingWake())) {
            assertThat(client.query("http://prometheus.example.com", "up").failure()).isEqualTo(QueryResult.Failure.AddressNotAllowed);
            assertThat(pass.pending()).isFalse();
        }
    }

    static FederationCohort cohort(String name) {
        var c = new FederationCohort();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("queries-test").build());
        return c;
    }

    /** The controller's inbound event source, counting what it would hand to JOSDK. */
    static final class CountingWake extends SimpleInboundEventSource<FederationCohort> {
        final List<ResourceID> woken = new CopyOnWriteArrayList<>();

        @Override
        public void propagateEvent(ResourceID id) {
            woken.add(id);
        }

        boolean await(int n) throws InterruptedException {
            for (int i = 0; i < 1000 && woken.size() < n; i++) {
                Thread.sleep(10);
            }
            return woken.size() >= n;
        }
    }
}
