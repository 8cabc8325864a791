package dev.missioncontrol.core.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Instant queries against the Prometheus HTTP API (/api/v1/query). */
public class PrometheusClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    public PrometheusClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public QueryResult query(String address, String promql) {
        return query(address, promql, null);
    }

    /** An instant query evaluated at the given time (null: now). */
    public QueryResult query(String address, String promql, java.time.Instant at) {
        String base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        HttpResponse<String> response;
        try {
            URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                    + (at == null ? "" : "&time=" + (at.toEpochMilli() / 1000.0)));
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return QueryResult.error("Prometheus at " + base + " unreachable: " + transportProblem(e));
        } catch (IllegalArgumentException e) {
            return QueryResult.error("invalid Prometheus address " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return QueryResult.error("interrupted");
        }
        return parse(response.statusCode(), response.body());
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
