package dev.missioncontrol.core.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Instant queries against the Prometheus HTTP API (/api/v1/query). Sends a request only to an address its
 * {@link PrometheusAddressPolicy} allows, never follows a redirect, reads at most {@code maxResponseBytes} of a
 * response, and gives up after the timeout (connecting, and the whole request).
 */
public class PrometheusClient {

    /** What a response may weigh: an instant query for one series is a few hundred bytes. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
    /** The policy of a client made without one (mcctl): any address but the built-in denials; loopback too. */
    public static final String PERMISSIVE = "*,127.0.0.0/8,::1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;
    private final PrometheusAddressPolicy policy;
    private final long maxResponseBytes;
    private final UnreachableAddresses unreachable;

    public PrometheusClient(Duration timeout) {
        this(timeout, PrometheusAddressPolicy.parse(PERMISSIVE), DEFAULT_MAX_RESPONSE_BYTES);
    }

    public PrometheusClient(Duration timeout, PrometheusAddressPolicy policy, long maxResponseBytes) {
        this(timeout, policy, maxResponseBytes, null);
    }

    /** @param unreachable addresses held down after a transport failure, shared by every client that should share them; null: none */
    public PrometheusClient(Duration timeout, PrometheusAddressPolicy policy, long maxResponseBytes, UnreachableAddresses unreachable) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.policy = policy;
        this.maxResponseBytes = maxResponseBytes;
        this.unreachable = unreachable;
    }

    public PrometheusAddressPolicy policy() {
        return policy;
    }

    public QueryResult query(String address, String promql) {
        return query(address, promql, null);
    }

    /** An instant query evaluated at the given time (null: now). */
    public QueryResult query(String address, String promql, java.time.Instant at) {
        var refused = policy.refusal(address);
        if (refused.isPresent()) {
            return QueryResult.error(QueryResult.Failure.AddressNotAllowed, "no request sent: " + refused.get());
        }
        String base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        if (unreachable != null) {
            var held = unreachable.heldDown(base);
            if (held.isPresent()) {
                return held.get();
            }
        }
        HttpResponse<InputStream> response = null;
        QueryResult failed = null;
        try {
            URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                    + (at == null ? "" : "&time=" + (at.toEpochMilli() / 1000.0)));
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            failed = QueryResult.error(QueryResult.Failure.Unreachable, "Prometheus at " + base + " unreachable: " + transportProblem(e));
            return failed;
        } catch (IllegalArgumentException e) {
            return QueryResult.error("invalid Prometheus address " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return QueryResult.error(QueryResult.Failure.Unreachable, "interrupted");
        } finally {
            // Whatever happened, a probe ends here: held down again after a transport failure, cleared otherwise.
            if (unreachable != null) {
                if (failed != null) {
                    unreachable.unreachable(base, failed);
                } else {
                    unreachable.reached(base);
                }
            }
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            close(response.body());
            return QueryResult.error(QueryResult.Failure.Redirected, "Prometheus at " + base + " answered with a redirect (HTTP "
                    + status + response.headers().firstValue("Location").map(l -> " to " + l).orElse("")
                    + "), which the operator never follows: set the address to the Prometheus API itself");
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (declared > maxResponseBytes) {
            close(response.body());
            return tooLarge(base);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxResponseBytes + 1));
        } catch (IOException e) {
            return QueryResult.error(QueryResult.Failure.Unreachable, "Prometheus at " + base + " broke off its answer: "
                    + transportProblem(e));
        }
        if (body.length > maxResponseBytes) {
            return tooLarge(base);
        }
        return parse(status, new String(body, StandardCharsets.UTF_8));
    }

    private QueryResult tooLarge(String base) {
        return QueryResult.error(QueryResult.Failure.ResponseTooLarge, "Prometheus at " + base + " answered with more than "
                + maxResponseBytes + " bytes, which the operator does not read: a query must return one series");
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }

    /** What went wrong on the wire, in words (status messages carry it: never a Java class name). */
    String transportProblem(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS handshake failed";
        }
        return "connection failed";
    }

    /** Reads a query response; public for tests of the parsing rules. */
    public static QueryResult parse(int httpStatus, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return QueryResult.error("HTTP " + httpStatus + ", not a Prometheus API response");
        }
        if (!"success".equals(root.path("status").asText())) {
            return QueryResult.error("HTTP " + httpStatus + " " + root.path("errorType").asText("") + ": " + root.path("error").asText(""));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        if ("scalar".equals(type)) {
            return number(result.path(1).asText());
        }
        if (!"vector".equals(type)) {
            return QueryResult.error("query must return an instant vector or scalar, got " + type);
        }
        if (result.isEmpty()) {
            return QueryResult.noData("the query returned no series");
        }
        if (result.size() > 1) {
            return QueryResult.error("query must return one series, got " + result.size() + "; aggregate it with sum()");
        }
        return number(result.get(0).path("value").path(1).asText());
    }

    private static QueryResult number(String text) {
        try {
            double v = Double.parseDouble(text);
            return Double.isNaN(v) ? QueryResult.noData("the query returned NaN (no traffic in the window)") : QueryResult.value(v);
        } catch (NumberFormatException e) {
            return QueryResult.error("not a number: " + text);
        }
    }
}
