package dev.missioncontrol.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PlanStatementTest {

    private static final String PLAN = "a".repeat(64);

    private static PlanStatement.Predicate predicate(String previous) {
        return new PlanStatement.Predicate(new PlanStatement.Cohort("search", "wave-1", 3),
                List.of(new PlanStatement.Source("docs", "http://docs:9200", "CC-BY-ND-4.0", "3.25", List.of("no-derivatives"), "Demote",
                        "no-derivatives", "b".repeat(64), "c".repeat(64), "Verified"),
                        new PlanStatement.Source("wiki", "http://wiki:9200", null, null, null, "Blend", null, null, null, "Unpinned")),
                Map.of("no-derivatives", "Demote", "attribution-required", "Blend"), "2026-11-30T10:00:00Z", previous);
    }

    @Test
    void aSignedPlanStatementReadsBackWithItsSubjectPredicateAndStableDigest() {
        var keys = Ed25519Keys.generate();
        var envelope = PlanStatement.sign(PLAN, predicate(PlanStatement.GENESIS), keys.getPrivate(), Ed25519Keys.keyId(keys.getPublic()));
        assertThat(Dsse.verify(envelope, keys.getPublic())).isTrue();

        String stored = PlanStatement.canonical(envelope);
        var read = PlanStatement.envelope(stored).orElseThrow();
        assertThat(PlanStatement.envelopeDigest(read)).isEqualTo(PlanStatement.envelopeDigest(envelope))
                .isEqualTo(CanonicalJson.sha256Hex(stored.getBytes(StandardCharsets.UTF_8)));

        JsonNode statement = PlanStatement.statement(read).orElseThrow();
        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(PlanStatement.planSha256(statement)).contains(PLAN);
        var p = PlanStatement.predicate(statement).orElseThrow();
        assertThat(p).isEqualTo(predicate(PlanStatement.GENESIS));
        assertThat(p.sources().get(1).clauses()).isEmpty();
        assertThat(statement.at("/predicate/sources/1").has("spdxId")).as("absent values are left out").isFalse();
        assertThat(List.copyOf(p.clauseTable().keySet())).containsExactly("attribution-required", "no-derivatives");
    }

    @Test
    void theChainDigestChangesWithAnyPredicateFieldAndForeignTypesAreNotPlanStatements() throws Exception {
        var keys = Ed25519Keys.generate();
        String id = Ed25519Keys.keyId(keys.getPublic());
        var first = PlanStatement.sign(PLAN, predicate(PlanStatement.GENESIS), keys.getPrivate(), id);
        var second = PlanStatement.sign(PLAN, predicate(PlanStatement.envelopeDigest(first)), keys.getPrivate(), id);
        assertThat(PlanStatement.envelopeDigest(second)).isNotEqualTo(PlanStatement.envelopeDigest(first));
        assertThat(PlanStatement.predicate(PlanStatement.statement(second).orElseThrow()).orElseThrow().previous())
                .isEqualTo(PlanStatement.envelopeDigest(first));

        var foreign = (com.fasterxml.jackson.databind.node.ObjectNode) PlanStatement.statement(PLAN, predicate(PlanStatement.GENESIS));
        foreign.put("predicateType", PlanStatement.PREDICATE_TYPE + "/");
        assertThat(PlanStatement.predicate(foreign)).isEmpty();
        foreign.put("predicateType", PlanStatement.PREDICATE_TYPE);
        foreign.put("_type", "https://in-toto.io/Statement/v0.1");
        assertThat(PlanStatement.predicate(foreign)).isEmpty();

        var twoSubjects = PlanStatement.statement(PLAN, predicate(PlanStatement.GENESIS));
        twoSubjects.withArray("subject").addObject().put("name", "plan.json");
        assertThat(PlanStatement.planSha256(twoSubjects)).isEmpty();
        assertThat(PlanStatement.envelope("{\"payload\":\"e30=\"}")).isEmpty();
        assertThat(PlanStatement.envelope("not json")).isEmpty();
    }
}
