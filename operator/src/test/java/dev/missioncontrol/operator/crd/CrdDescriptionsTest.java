package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.operator.testing.LocalCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every kind, and every field of its spec and status at any depth (fields of list items and map values included), has a
 * description in the committed CRDs, so `kubectl explain` tells a person what it is, in which unit and range.
 */
@Tag("unit")
class CrdDescriptionsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * The only fields that may go undescribed: the top-level ones Kubernetes itself defines and describes (its OpenAPI
     * merges their descriptions in; Fabric8's generator leaves them out of the schema today). Nothing below the top level.
     */
    static final Set<String> KUBERNETES_DEFINED = Set.of("apiVersion", "kind", "metadata");

    @Test
    void everyKindAndEveryFieldIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        int fields = 0;
        List<Path> crds = LocalCluster.crdFiles();
        assertThat(crds).as("crds/*.yml: one per kind the API types declare").hasSize(dev.missioncontrol.operator.testing.ApiKinds.declared().size())
                .isNotEmpty();
        for (Path crd : crds) {
            JsonNode doc = YAML.readTree(crd.toFile());
            String kind = doc.at("/spec/names/kind").asText();
            for (JsonNode version : doc.at("/spec/versions")) {
                fields += undescribed(kind, version.at("/schema/openAPIV3Schema"), undescribed);
            }
        }
        assertThat(fields).as("fields seen").isGreaterThan(300);
        assertThat(undescribed).as("kinds and fields without a description (add @JsonPropertyDescription, or @JsonClassDescription on the "
                + "kind, spec or status class; then `make crds docs`)").isEmpty();
    }

    @Test
    void aFieldWithoutADescriptionIsNamedWhereverItIs() throws IOException {
        JsonNode schema = YAML.readTree("""
                type: object
                properties:
                  kind: {type: string}
                  spec:
                    description: described
                    type: object
                    properties:
                      plain: {type: integer}
                      list:
                        description: described
                        type: array
                        items:
                          type: object
                          properties:
                            inItem: {type: string}
                      map:
                        description: described
                        type: object
                        additionalProperties:
                          type: object
                          properties:
                            inValue: {type: string}
                      nested:
                        type: object
                        properties:
                          metadata: {type: string}
                """);
        List<String> undescribed = new ArrayList<>();
        assertThat(undescribed("Example", schema, undescribed)).isEqualTo(8);
        assertThat(undescribed).containsExactly("Example", "Example.spec.plain", "Example.spec.list[].inItem",
                "Example.spec.map{}.inValue", "Example.spec.nested", "Example.spec.nested.metadata");
    }

    /** Adds to {@code undescribed} the kind (when its root schema has no description) and each undescribed field; returns the fields seen. */
    static int undescribed(String kind, JsonNode root, List<String> undescribed) {
        if (blank(root)) {
            undescribed.add(kind);
        }
        int count = 0;
        for (Map.Entry<String, JsonNode> e : root.path("properties").properties()) {
            if (!KUBERNETES_DEFINED.contains(e.getKey())) {
                count += walk(kind + "." + e.getKey(), e.getValue(), undescribed);
            }
        }
        return count;
    }

    private static int walk(String path, JsonNode field, List<String> undescribed) {
        int count = 1;
        if (blank(field)) {
            undescribed.add(path);
        }
        count += below(path, field, undescribed);
        return count;
    }

    /** The fields of an object, of a list's items and of a map's values. */
    private static int below(String path, JsonNode schema, List<String> undescribed) {
        int count = 0;
        for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
            count += walk(path + "." + e.getKey(), e.getValue(), undescribed);
        }
        if (schema.path("items").isObject()) {
            count += below(path + "[]", schema.get("items"), undescribed);
        }
        if (schema.path("additionalProperties").isObject()) {
            count += below(path + "{}", schema.get("additionalProperties"), undescribed);
        }
        return count;
    }

    private static boolean blank(JsonNode schema) {
        return schema.path("description").asText().isBlank();
    }
}
