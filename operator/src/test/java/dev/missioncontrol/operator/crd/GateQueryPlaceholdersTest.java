package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.core.metering.UsageExports;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The CRD's CEL whitelist of placeholders (the API server refuses any other) is exactly what each engine fills, and
     * every default query passes it, as do the metering and SLO queries' defaults and examples.
     */
    @Test
    void theCrdWhitelistIsWhatEachEngineFills() throws IOException {
        JsonNode cohortGates = schema("federationcohorts").at("/properties/spec/properties/rollout/properties/analysis/properties/gates/properties");
        JsonNode predictiveGates = schema("predictiverollouts").at("/properties/spec/properties/analysis/properties/gates/properties");
        for (String name : List.of("latency", "complaints", "ctrUplift")) {
            Pattern rule = whitelist(cohortGates.at("/" + name + "/properties/query"), GateAnalyzer.PLACEHOLDERS);
            for (FederationGate gate : FederationGate.values()) {
                assertThat(rule.matcher(gate.definition().defaultQuery()).matches()).as(gate + " default query passes " + name + ".query's rule").isTrue();
            }
        }
        for (String name : List.of("auditSampling", "abuseRate", "quotaRejections")) {
            Pattern rule = whitelist(predictiveGates.at("/" + name + "/properties/query"), PredictiveGate.PLACEHOLDERS);
            for (PredictiveGate gate : PredictiveGate.values()) {
                assertThat(rule.matcher(gate.definition().defaultQuery()).matches()).as(gate + " default query passes " + name + ".query's rule").isTrue();
            }
        }
        JsonNode metering = schema("meteringrotations").at("/properties/spec/properties");
        Pattern usage = whitelist(metering.at("/export/properties/usageQuery"), Set.of("tenant", "window"));
        Pattern metered = whitelist(metering.at("/drift/properties/meteredQuery"), Set.of("tenant", "window"));
        assertThat(usage.matcher(UsageExports.DEFAULT_USAGE_QUERY).matches()).isTrue();
        assertThat(metered.matcher(UsageExports.DEFAULT_METERED_QUERY).matches()).isTrue();
        Pattern good = whitelist(schema("searchslos").at("/properties/spec/properties/sli/properties/ratio/properties/good"), Set.of("window"));
        assertThat(good.matcher("sum(rate(x{code!~\"5..\"}[{{window}}]))").matches()).isTrue();
        assertThat(good.matcher("sum(rate(x{code!~\"5..\"}[{{ window }}]))").matches()).as("spaces inside the braces").isFalse();
        assertThat(good.matcher("sum(rate(x{{tenant}}[{{window}}]))").matches()).as("another kind's placeholder").isFalse();
    }

    /** The field's "only these placeholders" rule as a Java regex (RE2 and java.util.regex agree on it), checked against the names. */
    private static Pattern whitelist(JsonNode field, Set<String> names) {
        String rule = null;
        for (JsonNode v : field.path("x-kubernetes-validations")) {
            String r = v.path("rule").asText();
            if (r.startsWith("self.matches(r'^([^{]")) {
                rule = r.substring("self.matches(r'".length(), r.length() - "')".length());
            }
        }
        assertThat(rule).as(field + " has a placeholder whitelist rule").isNotNull();
        Matcher alternatives = Pattern.compile("\\\\\\{\\\\\\{\\(([a-z|]+)\\)").matcher(rule);
        assertThat(alternatives.find()).as(rule).isTrue();
        assertThat(Set.of(alternatives.group(1).split("\\|"))).as("placeholders the rule admits").isEqualTo(names);
        return Pattern.compile(rule);
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
