package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Objects;

/**
 * A Kubernetes object's reference as tokens and evidence name it: {@code Kind/namespace/name}, or {@code Kind/name}
 * for a cluster-scoped object (a Namespace, a ClusterRole). The kind alone, not the API group: the kinds a pack
 * renders are distinct.
 */
public record ObjectRef(String kind, String namespace, String name) implements Comparable<ObjectRef> {

    private static final Comparator<ObjectRef> ORDER = Comparator.comparing(ObjectRef::kind)
            .thenComparing(r -> r.namespace() == null ? "" : r.namespace()).thenComparing(ObjectRef::name);

    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    /** The reference of a manifest ({@code kind}, {@code metadata.namespace}, {@code metadata.name}). */
    public static ObjectRef of(JsonNode object) {
        return new ObjectRef(object.path("kind").asText(), object.path("metadata").path("namespace").asText(null),
                object.path("metadata").path("name").asText());
    }

    /** Parses {@code Kind/name} or {@code Kind/namespace/name}; IllegalArgumentException otherwise. */
    public static ObjectRef parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                parts = new String[0];
            }
        }
        return switch (parts.length) {
            case 2 -> new ObjectRef(parts[0], null, parts[1]);
            case 3 -> new ObjectRef(parts[0], parts[1], parts[2]);
            default -> throw new IllegalArgumentException("'" + text + "' is not an object reference; write Kind/namespace/name or Kind/name");
        };
    }

    @Override
    public int compareTo(ObjectRef o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }
}
