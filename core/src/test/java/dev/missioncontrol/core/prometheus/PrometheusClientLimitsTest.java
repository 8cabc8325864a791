package dev.missioncontrol.core.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The client's limits against real local HTTP servers: no request to a refused address, no redirect followed, no
 * oversize response read, no wait past the timeout.
 */
@Tag("unit")
class PrometheusClientLimitsTest {

    static final String ANSWER = """
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.5"]}]}}""";
    static final PrometheusAddressPolicy LOOPBACK_IPS = PrometheusAddressPolicy.parse("127.0.0.0/8");

    final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws IOException {
        var target = new AtomicInteger();
        String targetAddress = serve("127.0.0.2", counting(target, ok(ANSWER)));
        String redirector = serve("127.0.0.1", exchange -> {
            exchange.getResponseHeaders().add("Location", targetAddress + exchange.getRequestURI());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        var client = new PrometheusClient(Duration.ofSeconds(5), LOOPBACK_IPS, 1024);

        var redirected = client.query(redirector, "up");
        assertThat(redirected.failure()).isEqualTo(QueryResult.Failure.Redirected);
        assertThat(redirected.error()).contains("redirect (HTTP 302 to " + targetAddress).contains("never follows");
        assertThat(target.get()).as("requests that reached the redirect's target").isZero();

        // The target answers when asked directly: the counter counts.
        assertThat(client.query(targetAddress, "up").value()).isEqualTo(0.5);
        assertThat(target.get()).isEqualTo(1);
    }

    @Test
    void aRedirectOnTheSameHostIsNotFollowedEither() throws IOException {
        var served = new AtomicInteger();
        String address = serve("127.0.0.1", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/moved")) {
                counting(served, ok(ANSWER)).handle(exchange);
                return;
            }
            exchange.getResponseHeaders().add("Location", "/moved" + exchange.getRequestURI());
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        var result = new PrometheusClient(Duration.ofSeconds(5), LOOPBACK_IPS, 1024).query(address, "up");
        assertThat(result.failure()).isEqualTo(QueryResult.Failure.Redirected);
        assertThat(served.get()).isZero();
    }

    @Test
    void anOversizeResponseIsRefusedWithOrWithoutItsLength() throws IOException {
        int cap = 64 * 1024;
        byte[] big = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + "{\"metric\":{},\"value\":[1,\"1\"]},".repeat(cap / 10)
                + "{\"metric\":{},\"value\":[1,\"1\"]}]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isGreaterThan(cap);
        String declared = serve("127.0.0.1", exchange -> {
            exchange.sendResponseHeaders(200, big.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big);
            }
        });
        String chunked = serve("127.0.0.1", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big);
            } catch (IOException e) {
                // the client hung up after its cap: expected
            }
        });
        var client = new PrometheusClient(Duration.ofSeconds(5), LOOPBACK_IPS, cap);
        for (String address : List.of(declared, chunked)) {
            var result = client.query(address, "up");
            assertThat(result.failure()).as(address).isEqualTo(QueryResult.Failure.ResponseTooLarge);
            assertThat(result.error()).contains("more than " + cap + " bytes");
        }
        // Under the cap, the same server's answer is read (and refused only for being many series).
        var roomy = new PrometheusClient(Duration.ofSeconds(5), LOOPBACK_IPS, big.length);
        assertThat(roomy.query(chunked, "up").error()).contains("query must return one series");
    }

    @Test
    void aSlowServerTimesOut() throws IOException {
        String slow = serve("127.0.0.1", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ok(ANSWER).handle(exchange);
        });
        long start = System.nanoTime();
        var result = new PrometheusClient(Duration.ofMillis(500), LOOPBACK_IPS, 1024).query(slow, "up");
        assertThat(result.failure()).isEqualTo(QueryResult.Failure.Unreachable);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_800));
    }

    @Test
    void aRefusedAddressGetsNoRequest() throws IOException {
        var hits = new AtomicInteger();
        String address = serve("127.0.0.1", counting(hits, ok(ANSWER)));
        String byName = address.replace("127.0.0.1", "localhost"); // the same server, by a name the list does not allow
        var client = new PrometheusClient(Duration.ofSeconds(5), LOOPBACK_IPS, 1024);
        var refused = client.query(byName, "up");
        assertThat(refused.failure()).isEqualTo(QueryResult.Failure.AddressNotAllowed);
        assertThat(refused.error()).startsWith("no request sent: ").contains(PrometheusAddressPolicy.PROPERTY);
        assertThat(hits.get()).isZero();
        assertThat(client.query(address, "up").value()).isEqualTo(0.5);
        assertThat(hits.get()).isEqualTo(1);
    }

    private String serve(String host, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
        server.createContext("/", handler);
        server.start();
        servers.add(server);
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private static HttpHandler counting(AtomicInteger counter, HttpHandler next) {
        return exchange -> {
            counter.incrementAndGet();
            next.handle(exchange);
        };
    }

    private static HttpHandler ok(String body) {
        return (HttpExchange exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }
}
