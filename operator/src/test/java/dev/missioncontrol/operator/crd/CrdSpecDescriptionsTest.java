package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every spec field of every generated CRD has a description, so `kubectl explain` tells a user what to write. */
@Tag("unit")
class CrdSpecDescriptionsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everySpecFieldIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        int fields = 0;
        try (Stream<Path> files = Files.list(Path.of("target", "crds"))) {
            for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                JsonNode doc = YAML.readTree(crd.toFile());
                String kind = doc.at("/spec/names/kind").asText();
                fields += walk(kind + ".spec", doc.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"), undescribed);
            }
        }
        assertThat(fields).as("spec fields seen").isGreaterThan(100);
        assertThat(undescribed).as("spec fields without a description").isEmpty();
    }

    private static int walk(String path, JsonNode schema, List<String> undescribed) {
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            var e = it.next();
            String field = path + "." + e.getKey();
            count++;
            if (e.getValue().path("description").asText().isBlank()) {
                undescribed.add(field);
            }
            count += walk(field, e.getValue(), undescribed);
            count += walk(field + "[]", e.getValue().path("items"), undescribed);
        }
        return count;
    }
}
