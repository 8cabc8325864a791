package dev.missioncontrol.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The examples take the demo Prometheus's address from one place: every prometheus.address in examples/ is the one
 * hack/lib.sh says they name (EXAMPLES_PROMETHEUS_ADDRESS), which hack/apply-examples.sh replaces with the address the
 * demo Prometheus listens on (DEMO_PROMETHEUS_ADDRESS, from DEMO_PROMETHEUS_PORT), so a different port needs no edit here.
 */
@Tag("unit")
class ExamplesPrometheusAddressTest {

    static final Path ROOT = Path.of("..");

    @Test
    void everyExampleNamesTheAddressApplyExamplesReplaces() throws IOException {
        String lib = Files.readString(ROOT.resolve("hack/lib.sh"));
        String named = assignment(lib, "EXAMPLES_PROMETHEUS_ADDRESS");
        assertThat(assignment(lib, "DEMO_PROMETHEUS_ADDRESS")).isEqualTo("http://127.0.0.1:$DEMO_PROMETHEUS_PORT");
        assertThat(lib).contains("DEMO_PROMETHEUS_PORT=\"${DEMO_PROMETHEUS_PORT:-19090}\"");
        assertThat(named).as("the examples name the demo Prometheus's default address").isEqualTo("http://127.0.0.1:19090");
        assertThat(Files.readString(ROOT.resolve("hack/apply-examples.sh")))
                .contains("s|$EXAMPLES_PROMETHEUS_ADDRESS|$DEMO_PROMETHEUS_ADDRESS|g");
        assertThat(Files.readString(ROOT.resolve("hack/demo-monitoring.sh"))).doesNotContain("19090");

        List<String> addresses = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(f.toFile())) {
                    for (Iterator<JsonNode> docs = yaml.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                        collect(docs.next(), f.getFileName().toString(), addresses);
                    }
                }
            }
        }
        assertThat(addresses).as("the cohorts, the rollout, the rotation and the SLO query the demo Prometheus").hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(a -> assertThat(a).endsWith(": " + named));
    }

    /** Every prometheus.address under the node, as "file: address". */
    private static void collect(JsonNode node, String file, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("prometheus") && e.getValue().has("address")) {
                    out.add(file + ": " + e.getValue().get("address").asText());
                }
                collect(e.getValue(), file, out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, file, out));
        }
    }

    private static String assignment(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"([^\"]*)\"").matcher(script);
        assertThat(m.find()).as("%s is set in hack/lib.sh", name).isTrue();
        return m.group(1);
    }
}
