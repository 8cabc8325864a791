package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.util.List;

/**
 * An object's canonical spec: the manifest without what the API server and the cluster's own controllers write on
 * their own (status, resourceVersion, uid, generation, timestamps, managedFields, the kubectl last-applied annotation;
 * a Pod's {@code spec.nodeName}, which the scheduler's binding sets after creation; the Deployment controller's
 * {@code deployment.kubernetes.io/revision} annotation), as canonical JSON. Appeal tokens
 * bind to the sha256 of the rendered object's canonical spec; the evidence bundle records the sha256 of each created
 * object's canonical spec as the API server returned it at go-live (so server defaults are part of it and a later read
 * of the same object gives the same digest).
 */
public final class CanonicalSpec {

    private static final List<String> SERVER_METADATA = List.of("resourceVersion", "uid", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

    private CanonicalSpec() {
    }

    public static ObjectNode of(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("an object's canonical spec needs a JSON object, got " + object);
        }
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        if ("Pod".equals(copy.path("kind").asText()) && copy.get("spec") instanceof ObjectNode spec) {
            spec.remove("nodeName");
        }
        JsonNode metadata = copy.get("metadata");
        if (metadata instanceof ObjectNode m) {
            m.remove(SERVER_METADATA);
            if (m.get("annotations") instanceof ObjectNode a) {
                a.remove(List.of(LAST_APPLIED, DEPLOYMENT_REVISION));
                if (a.isEmpty()) {
                    m.remove("annotations");
                }
            }
        }
        return copy;
    }

    /** sha256 (lower-case hex) of the canonical JSON of the object's canonical spec. */
    public static String sha256(JsonNode object) {
        return CanonicalJson.sha256(of(object));
    }
}
