package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.operator.analysis.QueryTemplate;
import dev.missioncontrol.operator.federation.gates.FederationGate;
import dev.missioncontrol.operator.federation.gates.GateAnalyzer;
import dev.missioncontrol.operator.predictive.PredictiveGate;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each engine's gate queries document their own placeholders in the CRD (what `kubectl explain` shows), and the
 * engine fills every one it documents: a query written from the documentation never reaches Prometheus with a
 * {{placeholder}} left in it.
 */
@Tag("unit")
class GateQueryPlaceholdersTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void federationCohortGateQueriesFillEveryDocumentedPlaceholder() throws IOException {
        JsonNode gates = schema("federationcohorts").at("/properties/spec/properties/rollout/properties/analysis/properties/gates/properties");
        var cohort = FederationCohorts.cohort("team-a", "c1", List.of("acme", "globex"));
        check(gates, List.of("latency", "complaints", "ctrUplift"), GateAnalyzer.PLACEHOLDERS,
                t -> GateAnalyzer.render(t, cohort, List.of("acme", "globex"), "5m"));
        for (FederationGate gate : FederationGate.values()) {
            assertThat(GateAnalyzer.PLACEHOLDERS).as(gate + " default query").containsAll(QueryTemplate.placeholders(gate.definition().defaultQuery()));
        }
    }

    @Test
    void predictiveRolloutGateQueriesFillEveryDocumentedPlaceholder() throws IOException {
        JsonNode gates = schema("predictiverollouts").at("/properties/spec/properties/analysis/properties/gates/properties");
        check(gates, List.of("auditSampling", "abuseRate", "quotaRejections"), PredictiveGate.PLACEHOLDERS,
                t -> PredictiveGate.render(t, "ranker", "acme", "5m", "team-a"));
        for (PredictiveGate gate : PredictiveGate.values()) {
            assertThat(PredictiveGate.PLACEHOLDERS).as(gate + " default query").containsAll(QueryTemplate.placeholders(gate.definition().defaultQuery()));
        }
    }

    private static void check(JsonNode gates, List<String> names, Set<String> engine, Function<String, String> render) {
        for (String name : names) {
            String description = gates.at("/" + name + "/properties/query/description").asText();
            Set<String> documented = QueryTemplate.placeholders(description);
            assertThat(documented).as(name + ".query documents the engine's placeholders").isEqualTo(engine);
            String everything = documented.stream().map(p -> "{{" + p + "}}").collect(Collectors.joining(" "));
            String rendered = render.apply(everything);
            assertThat(rendered).as(name + ": every documented placeholder is filled").doesNotContain("{{").doesNotContain("}}");
        }
    }

    private static JsonNode schema(String plural) throws IOException {
        return YAML.readTree(Path.of("target", "crds", plural + ".missioncontrol.dev-v1.yml").toFile())
                .at("/spec/versions/0/schema/openAPIV3Schema");
    }
}
