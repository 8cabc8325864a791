package dev.missioncontrol.mcctl.xai;

/**
 * Why one attempt (or one event read from the source) failed: the reason (a metric label a person can grep for),
 * whether trying again can help, and the bucket the event lands in when the failure is final.
 *
 * @param reason      http_503, timeout, connection, schema, malformed, ...
 * @param permanence  retryable or permanent
 * @param bucket      where a final failure is counted; {@link FailureClassification#UNBUCKETED} when nothing matched
 * @param status      the HTTP status, 0 when there was no response
 */
public record Failure(String reason, Permanence permanence, String bucket, int status) {

    public enum Permanence {
        RETRYABLE, PERMANENT;

        public String label() {
            return name().toLowerCase();
        }
    }

    public boolean retryable() {
        return permanence == Permanence.RETRYABLE;
    }
}
