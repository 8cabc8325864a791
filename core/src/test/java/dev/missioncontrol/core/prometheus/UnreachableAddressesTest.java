package dev.missioncontrol.core.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus that does not answer costs one request per hold, not one per query: against a real loopback server
 * that stalls past the client's timeout, counting the requests that reach it.
 */
@Tag("unit")
class UnreachableAddressesTest {

    static final String ANSWER = """
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.5"]}]}}""";
    static final Duration TIMEOUT = Duration.ofMillis(300);
    static final Duration HOLD = Duration.ofSeconds(5);

    final MovableClock clock = new MovableClock();
    final UnreachableAddresses unreachable = new UnreachableAddresses(clock, HOLD);
    final PrometheusClient client = new PrometheusClient(TIMEOUT, PrometheusAddressPolicy.parse("127.0.0.0/8"),
            PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES, unreachable);
    final AtomicInteger requests = new AtomicInteger();
    volatile boolean answering;
    volatile CountDownLatch stall = new CountDownLatch(1);
    final ExecutorService handlers = Executors.newCachedThreadPool();
    HttpServer server;

    @AfterEach
    void stop() {
        stall.countDown();
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }

    @Test
    void aStalledAddressGetsOneRequestPerHoldAndIsClearedByItsFirstAnswer() throws Exception {
        String address = serve();

        QueryResult first = client.query(address, "up");
        assertThat(first.failure()).isEqualTo(QueryResult.Failure.Unreachable);
        assertThat(first.error()).contains("no answer within");
        for (int i = 0; i < 5; i++) {
            assertThat(client.query(address, "other_query_" + i)).as("answered from memory, same result").isEqualTo(first);
        }
        assertThat(requests.get()).as("requests while held down").isEqualTo(1);

        clock.advance(HOLD.plusMillis(1));
        assertThat(client.query(address, "up").failure()).as("the probe after the hold").isEqualTo(QueryResult.Failure.Unreachable);
        assertThat(requests.get()).isEqualTo(2);
        assertThat(client.query(address, "up").failure()).isEqualTo(QueryResult.Failure.Unreachable);
        assertThat(requests.get()).as("held down again after the failed probe").isEqualTo(2);

        answering = true;
        assertThat(client.query(address, "up").failure()).as("still held: the hold has not passed").isNotNull();
        assertThat(requests.get()).isEqualTo(2);
        clock.advance(HOLD.plusMillis(1));
        assertThat(client.query(address, "up").value()).as("the probe is answered").isEqualTo(0.5);
        assertThat(client.query(address, "up").value()).isEqualTo(0.5);
        assertThat(requests.get()).as("every query is sent again once the address answered").isEqualTo(4);
        assertThat(unreachable.size()).isZero();
    }

    @Test
    void whileAProbeIsInFlightOtherQueriesAreAnsweredFromMemory() throws Exception {
        String address = serve();
        QueryResult first = client.query(address, "up");
        assertThat(requests.get()).isEqualTo(1);
        clock.advance(HOLD.plusMillis(1));

        // The probe reaches the server and stalls there (the latch holds it; the client gives up after its timeout).
        CompletableFuture<QueryResult> probe = CompletableFuture.supplyAsync(() -> client.query(address, "up"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (requests.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(requests.get()).as("the probe reached the server").isEqualTo(2);
        assertThat(client.query(address, "up")).as("a query during the probe").isEqualTo(first);
        assertThat(requests.get()).as("no second request while the probe is out").isEqualTo(2);
        assertThat(probe.get(10, TimeUnit.SECONDS).failure()).isEqualTo(QueryResult.Failure.Unreachable);
    }

    @Test
    void anotherAddressIsNotHeldAndAnAnsweringOneIsNeverHeld() throws Exception {
        String stalled = serve();
        client.query(stalled, "up");
        var other = new AtomicInteger();
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        healthy.createContext("/", exchange -> {
            other.incrementAndGet();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        healthy.start();
        try {
            String address = "http://127.0.0.2:" + healthy.getAddress().getPort();
            for (int i = 0; i < 3; i++) {
                assertThat(client.query(address, "up").value()).isEqualTo(0.5);
            }
            assertThat(other.get()).isEqualTo(3);
            assertThat(unreachable.size()).as("only the stalled address is held").isEqualTo(1);
        } finally {
            healthy.stop(0);
        }
    }

    @Test
    void aClientWithoutTheRegisterSendsEveryQuery() throws Exception {
        String address = serve();
        var plain = new PrometheusClient(TIMEOUT, PrometheusAddressPolicy.parse("127.0.0.0/8"), PrometheusClient.DEFAULT_MAX_RESPONSE_BYTES);
        plain.query(address, "up");
        plain.query(address, "up");
        assertThat(requests.get()).isEqualTo(2);
    }

    /** A server that stalls past the client's timeout until {@link #answering}, counting the requests it gets. */
    private String serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (!answering) {
                try {
                    stall.await(TIMEOUT.toMillis() * 4, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
