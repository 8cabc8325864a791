package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.missioncontrol.operator.testing.CuttableRelay;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.OperatorProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Readiness does not flap on a watch reconnect. The packaged operator reaches the API server through a relay that cuts
 * every connection at once, so every informer's watch closes and reconnects (what the API server does to each watch
 * after its request timeout, or a load balancer to idle connections). /q/health/ready, probed every 20 ms meanwhile,
 * names the reconnecting informers but never answers 503 (QOSDK's check, which this operator replaced, answered 503
 * for the whole reconnect). Also: outside a pod the HTTP server binds loopback only.
 */
@Tag("process")
class WatchReconnectReadinessIT {

    static KubernetesClient client;
    static CuttableRelay relay;
    static Path kubeconfig;

    @BeforeAll
    static void setUp() throws IOException {
        client = LocalCluster.client();
        LocalCluster.installCrds(client);
        URI server = URI.create(client.getConfiguration().getMasterUrl());
        relay = CuttableRelay.to(server.getPort());
        String original = Files.readString(Path.of(System.getenv("KUBECONFIG")));
        String through = original.replace("server: https://127.0.0.1:" + server.getPort(), "server: https://127.0.0.1:" + relay.port());
        assertThat(through).as("the kubeconfig names the API server as https://127.0.0.1:%d", server.getPort()).isNotEqualTo(original);
        kubeconfig = Files.createTempFile("operator-through-relay", ".yaml");
        Files.writeString(kubeconfig, through);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (relay != null) {
            relay.close();
        }
        if (client != null) {
            client.close();
        }
    }

    record Probe(long atMillis, int code, String body) {
    }

    @Test
    void readinessStaysUpThroughAWatchReconnect() throws Exception {
        try (var operator = OperatorProcess.builder("reconnect").env("KUBECONFIG", kubeconfig.toString()).start()) {
            int port = URI.create(operator.url("/")).getPort();
            assertThat(connects("127.0.0.1", port)).as("the operator answers on loopback").isTrue();
            assertThat(connects("127.0.0.2", port)).as("outside a pod it binds 127.0.0.1, not every address").isFalse();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(http, operator, 0).body().contains("\"status\": \"UP\"")
                    && !get(http, operator, 0).body().contains("reconnecting"));

            List<Probe> probes = new CopyOnWriteArrayList<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            long start = System.currentTimeMillis();
            Thread prober = new Thread(() -> {
                while (probing.get()) {
                    probes.add(get(http, operator, start));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "readiness-prober");
            prober.start();
            Thread.sleep(1000);
            int connectionsBefore = relay.accepted();
            int cut = relay.cutAll();
            long cutAt = System.currentTimeMillis() - start;
            // Every informer reconnected: readiness names none as reconnecting any more.
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(2))
                    .until(() -> probes.get(probes.size() - 1).body().matches("(?s).*\"status\": \"UP\".*") && !probes.get(probes.size() - 1).body().contains("reconnecting"));
            Thread.sleep(1000);
            probing.set(false);
            prober.join();

            Map<Integer, Long> codes = new TreeMap<>();
            probes.forEach(p -> codes.merge(p.code(), 1L, Long::sum));
            List<Probe> reconnecting = probes.stream().filter(p -> p.body().contains("reconnecting")).toList();
            System.out.printf("[reconnect] cut %d connections at %d ms; %d reconnected through the relay; %d probes %s; "
                    + "%d named reconnecting informers, from %d ms to %d ms; e.g. %s%n", cut, cutAt, relay.accepted() - connectionsBefore,
                    probes.size(), codes, reconnecting.size(),
                    reconnecting.isEmpty() ? -1 : reconnecting.get(0).atMillis(), reconnecting.isEmpty() ? -1 : reconnecting.get(reconnecting.size() - 1).atMillis(),
                    reconnecting.isEmpty() ? "-" : reconnecting.get(0).body().replaceAll("\\s+", " "));

            assertThat(cut).as("the operator's connections to the API server (its informers' watches)").isPositive();
            assertThat(relay.accepted()).as("the operator reconnected through the relay").isGreaterThan(connectionsBefore);
            assertThat(reconnecting).as("readiness saw informers out of their watch: the reconnect happened while probed").isNotEmpty();
            assertThat(codes).as("readiness answers through the reconnect").containsOnlyKeys(200);
            assertThat(operator.health("/q/health/live").code()).isEqualTo(200);
        }
    }

    private static Probe get(HttpClient http, OperatorProcess operator, long start) {
        long at = System.currentTimeMillis() - start;
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create(operator.url("/q/health/ready"))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Probe(at, r.statusCode(), r.body());
        } catch (IOException e) {
            return new Probe(at, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(at, -1, "interrupted");
        }
    }

    private static boolean connects(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
