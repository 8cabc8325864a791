package dev.missioncontrol.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VerdictRecordTest {

    @Test
    void aWinnerIsSignedWithItsCountsIntervalsAndSampleRatioAndAnEditBreaksTheSignature() throws Exception {
        var rule = new ExperimentRule(0.02, 0.05, 0, Duration.ZERO, Duration.ofHours(1));
        var counts = List.of(new TenantCounts("acme", "control", 40_000, 100_000), new TenantCounts("globex", "topk", 50_000, 100_000));
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("control", 50);
        weights.put("topk", 50);
        var verdict = rule.decide("control", weights, counts,
                Map.of("topk", new Guardrail("topk", 0.1, 0.1, 0.1, 10.0, 100)), Duration.ofMinutes(30));
        JsonNode spec = CanonicalJson.MAPPER.readTree("{\"tenants\":[\"acme\",\"globex\"]}");
        var statement = VerdictRecord.statement("search-demo/warmers-v3", spec, rule, verdict,
                Map.of("acme", "control", "globex", "topk"), FractionalAssignment.HASHING, "2026-11-30T10:00:00Z", "2026-11-30T10:30:00Z");
        var keys = Ed25519Keys.generate();
        var envelope = VerdictRecord.sign(statement, keys.getPrivate(), Ed25519Keys.keyId(keys.getPublic()));
        assertThat(Dsse.verify(envelope, keys.getPublic())).isTrue();

        JsonNode read = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
        assertThat(read.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(read.at("/subject/0/name").asText()).isEqualTo("search-demo/warmers-v3");
        assertThat(read.at("/subject/0/digest/sha256").asText()).isEqualTo(CanonicalJson.sha256(spec));
        assertThat(read.at("/predicate/decision").asText()).isEqualTo("Winner");
        assertThat(read.at("/predicate/winner").asText()).isEqualTo("topk");
        assertThat(read.at("/predicate/arms/0/control").asBoolean()).isTrue();
        assertThat(read.at("/predicate/arms/1/lookups").asLong()).isEqualTo(100_000);
        assertThat(read.at("/predicate/arms/1/difference").asDouble()).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(read.at("/predicate/arms/1/lower").asDouble()).isGreaterThan(0.02);
        assertThat(read.at("/predicate/sampleRatio/pValue").asDouble()).isEqualTo(1.0);
        assertThat(read.at("/predicate/assignment/tenants/globex").asText()).isEqualTo("topk");

        String forged = new String(envelope.payloadBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\"Winner\"", "\"NoDifference\"");
        var edited = new Dsse.Envelope(envelope.payloadType(), java.util.Base64.getEncoder().encodeToString(forged.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), envelope.signatures());
        assertThat(Dsse.verify(edited, keys.getPublic())).isFalse();
    }
}
