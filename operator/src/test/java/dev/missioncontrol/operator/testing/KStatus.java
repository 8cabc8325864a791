package dev.missioncontrol.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The health a GitOps tool reads from a resource, computed here from the resource's JSON alone, independently of the
 * operator's code, in two ways:
 * <ul>
 * <li>kstatus's generic rules (Flux, kpt, cli-utils' {@code status.Compute} for a custom resource): Terminating when
 * deletionTimestamp is set; InProgress when status.observedGeneration differs from metadata.generation; InProgress while
 * Reconciling=True; Failed while Stalled=True; otherwise Current.</li>
 * <li>the Ready check a condition-reading tool (kubectl wait, Argo CD, Flux's Ready-based checks) makes: the Ready condition
 * present, its status True, and its observedGeneration equal to metadata.generation (a Ready from an older spec is stale).</li>
 * </ul>
 */
public record KStatus(Status status, String message, Optional<JsonNode> ready) {

    public enum Status { InProgress, Current, Failed, Terminating }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** kstatus's computation for a custom resource without type-specific rules, plus the Ready condition as found. */
    public static KStatus of(Object resource) {
        JsonNode obj = resource instanceof JsonNode n ? n : JSON.valueToTree(resource);
        Optional<JsonNode> ready = condition(obj, "Ready");
        if (!obj.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
            return new KStatus(Status.Terminating, "Resource scheduled for deletion", ready);
        }
        JsonNode generation = obj.path("metadata").path("generation");
        JsonNode observed = obj.path("status").path("observedGeneration");
        if (generation.isNumber() && observed.isNumber() && generation.asLong() != observed.asLong()) {
            return new KStatus(Status.InProgress, "generation is " + generation.asLong() + ", but latest observed generation is "
                    + observed.asLong(), ready);
        }
        for (JsonNode c : obj.path("status").path("conditions")) {
            if ("Reconciling".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return new KStatus(Status.InProgress, c.path("message").asText(), ready);
            }
            if ("Stalled".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return new KStatus(Status.Failed, c.path("message").asText(), ready);
            }
        }
        return new KStatus(Status.Current, "Resource is current", ready);
    }

    /** Ready=True, observed at the resource's current generation, both on the condition and in status. */
    public static boolean readyAtGeneration(Object resource) {
        JsonNode obj = resource instanceof JsonNode n ? n : JSON.valueToTree(resource);
        long generation = obj.path("metadata").path("generation").asLong(-1);
        return generation > 0 && obj.path("status").path("observedGeneration").asLong(-2) == generation
                && condition(obj, "Ready").filter(c -> "True".equals(c.path("status").asText()))
                        .filter(c -> c.path("observedGeneration").asLong(-3) == generation).isPresent();
    }

    public String readyStatus() {
        return ready.map(c -> c.path("status").asText()).orElse("absent");
    }

    public String readyReason() {
        return ready.map(c -> c.path("reason").asText()).orElse("absent");
    }

    /** What a test prints or compares: kstatus's verdict, then Ready's status and reason. */
    public String summary() {
        return status + " Ready=" + readyStatus() + "/" + readyReason();
    }

    static Optional<JsonNode> condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
