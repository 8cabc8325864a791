package dev.missioncontrol.mcctl.xai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A sink on loopback (port 0) that answers what a test scripts: per request, given the event id (Idempotency-Key) and
 * how many times that id was seen, a status and optional Retry-After. It honours Idempotency-Key as the exporter's
 * documented sink contract asks: a key it already accepted is answered 200 again without storing the event a second
 * time (recorded in {@link #replayed}), and the script is not asked. Records every request, and how many times it
 * stored each id ({@link #accepted}: 1 unless the sink is broken).
 */
final class ScriptedSink implements AutoCloseable {

    record Answer(int status, String retryAfter) {
        static Answer of(int status) {
            return new Answer(status, null);
        }
    }

    record Request(String id, long nanoTime, int status) {
    }

    final HttpServer server;
    final List<Request> requests = new ArrayList<>();
    final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    /** Requests whose key was already accepted: answered 200, not stored again. */
    final List<String> replayed = new ArrayList<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    volatile long delayMillis;

    ScriptedSink(BiFunction<String, Integer, Answer> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/v1/explanations", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            int n = seen.merge(id, 1, Integer::sum);
            boolean replay = accepted.containsKey(id);
            Answer answer = replay ? Answer.of(200) : script.apply(id, n);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (requests) {
                requests.add(new Request(id, System.nanoTime(), answer.status()));
            }
            if (replay) {
                synchronized (replayed) {
                    replayed.add(id);
                }
            } else if (answer.status() / 100 == 2) {
                accepted.merge(id, 1, Integer::sum);
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/explanations";
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
