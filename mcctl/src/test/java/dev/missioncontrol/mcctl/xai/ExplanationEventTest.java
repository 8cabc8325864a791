package dev.missioncontrol.mcctl.xai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExplanationEventTest {

    static final Set<String> TENANTS = Set.of("acme");

    static ExplanationEvent.Parsed parse(String line) {
        return ExplanationEvent.parse(line, "line:a.jsonl:7", 1024, TENANTS);
    }

    static String bucketOf(ExplanationEvent.Parsed p) {
        return ((ExplanationEvent.Bad) p).rejected().bucket();
    }

    @Test
    void aWellFormedEventIsRead() {
        ExplanationEvent.Parsed p = parse("{\"id\":\"e-1\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"ranker\","
                + "\"explanation\":{\"top\":[\"price\"]},\"counterfactualHints\":[\"cheaper\"],\"optOut\":false}");
        assertThat(p).isInstanceOf(ExplanationEvent.Ok.class);
        ExplanationEvent e = ((ExplanationEvent.Ok) p).event();
        assertThat(e.id()).isEqualTo("e-1");
        assertThat(e.hints()).isTrue();
        assertThat(e.optOut()).isFalse();
    }

    @Test
    void hintsAndOptOutAreOptional() {
        ExplanationEvent e = ((ExplanationEvent.Ok) parse(
                "{\"id\":\"e-2\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"m\",\"explanation\":\"because\"}")).event();
        assertThat(e.hints()).isFalse();
        assertThat(e.optOut()).isFalse();
    }

    @Test
    void linesThatAreNotEventsLandInTheirBuckets() {
        assertThat(bucketOf(parse("{not json"))).isEqualTo("malformed");
        assertThat(((ExplanationEvent.Bad) parse("{not json")).rejected().id()).isEqualTo("line:a.jsonl:7");
        assertThat(bucketOf(parse("[1,2]"))).isEqualTo("malformed");
        assertThat(bucketOf(parse("{\"id\":\"e\",\"tenant\":\"acme\",\"time\":\"yesterday\",\"model\":\"m\",\"explanation\":\"x\"}")))
                .isEqualTo("schema");
        assertThat(bucketOf(parse("{\"id\":\"e\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"m\"}"))).isEqualTo("schema");
        assertThat(bucketOf(parse("{\"id\":\"e\",\"tenant\":\"other\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"m\",\"explanation\":\"x\"}")))
                .isEqualTo("unknown_tenant");
        assertThat(bucketOf(parse("{\"id\":\"e\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"m\",\"explanation\":\"x\","
                + "\"counterfactualHints\":\"one\"}"))).isEqualTo("schema");
        assertThat(bucketOf(parse("{\"id\":\"" + "x".repeat(2000) + "\"}"))).isEqualTo("too_large");
    }

    @Test
    void aSchemaErrorWithAUsableIdIsKeyedByThatId() {
        ExplanationEvent.Rejected r = ((ExplanationEvent.Bad) parse("{\"id\":\"e-9\",\"tenant\":\"acme\"}")).rejected();
        assertThat(r.id()).isEqualTo("e-9");
        assertThat(r.tenant()).isEqualTo("acme");
    }
}
