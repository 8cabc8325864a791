package dev.missioncontrol.mcctl.xai;

import dev.missioncontrol.mcctl.xai.Failure.Permanence;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Retryable or permanent, and the bucket: the table docs/explanationexport.md documents. Retryable: 429, 502, 503, 504,
 * timeouts, connection errors. Permanent: every other 4xx (with a bucket per known status), schema errors, events too
 * large, malformed lines. A response the table has no bucket for (another 5xx, a 3xx, an unknown 4xx) is permanent and
 * counted as {@link #UNBUCKETED}: the KPI "unbucketed failures below 1 %" watches exactly these.
 */
public final class FailureClassification {

    public static final String UNBUCKETED = "unbucketed";
    public static final String EXHAUSTED = "exhausted";

    /** Buckets of the permanent 4xx answers a sink is expected to give. */
    static final Map<Integer, String> PERMANENT_BUCKETS = Map.of(
            400, "bad_request",
            401, "unauthorized",
            403, "forbidden",
            404, "not_found",
            409, "conflict",
            413, "too_large",
            415, "unsupported_media_type",
            422, "schema");

    private FailureClassification() {
    }

    /** The failure an HTTP status other than 2xx means. */
    public static Failure ofStatus(int status) {
        if (status >= 200 && status < 300) {
            throw new IllegalArgumentException("HTTP " + status + " is a success");
        }
        String reason = "http_" + status;
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new Failure(reason, Permanence.RETRYABLE, EXHAUSTED, status);
        }
        return new Failure(reason, Permanence.PERMANENT, PERMANENT_BUCKETS.getOrDefault(status, UNBUCKETED), status);
    }

    /** The failure an exception while sending means: a timeout or a connection error, both retryable. */
    public static Failure ofException(Throwable error) {
        if (error instanceof HttpTimeoutException) {
            return new Failure("timeout", Permanence.RETRYABLE, EXHAUSTED, 0);
        }
        if (error instanceof IOException) {
            return new Failure("connection", Permanence.RETRYABLE, EXHAUSTED, 0);
        }
        return new Failure("client_error", Permanence.PERMANENT, UNBUCKETED, 0);
    }

    /** A line of the source that is not an event: permanent, never sent, its bucket is its reason. */
    public static Failure ofInput(String reason) {
        return new Failure(reason, Permanence.PERMANENT, reason, 0);
    }
}
