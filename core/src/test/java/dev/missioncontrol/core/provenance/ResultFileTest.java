package dev.missioncontrol.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The result-file format: exactly five typed keys per line, every problem with file and line, ids unique across files. */
@Tag("unit")
class ResultFileTest {

    @Test
    void aWellFormedLineReadsBackAsItsCanonicalJsonAndItsDigest() {
        List<ResultFile.Problem> problems = new ArrayList<>();
        var items = ResultFile.parse("a.jsonl", """
                {"source": "docs", "id": "d-1", "score": 2.5, "rank": 1, "fields": {"b": 1, "a": [true]}}

                """, ResultFile.ids(), problems);
        assertThat(problems).isEmpty();
        var item = items.get(0);
        assertThat(item.canonical()).isEqualTo("{\"fields\":{\"a\":[true],\"b\":1},\"id\":\"d-1\",\"rank\":1,\"score\":2.5,\"source\":\"docs\"}");
        assertThat(item.sha256()).isEqualTo(CanonicalJson.sha256Hex(item.canonical().getBytes(StandardCharsets.UTF_8)));
        assertThat(item.where()).isEqualTo("a.jsonl:1");
    }

    @Test
    void everyBadLineIsReportedWithItsLine() {
        List<ResultFile.Problem> problems = new ArrayList<>();
        var ids = ResultFile.ids();
        ResultFile.parse("a.jsonl", "{\"id\": \"x\", \"rank\": 1, \"score\": 1, \"source\": \"s\", \"fields\": {}}\n", ids, problems);
        ResultFile.parse("b.jsonl", String.join("\n",
                "[1, 2]",
                "{\"id\": \"y\", \"rank\": 1.5, \"score\": 1, \"source\": \"s\", \"fields\": {}}",
                "{\"id\": \"y\", \"rank\": 1, \"score\": 1, \"source\": \"s\", \"fields\": []}",
                "{\"id\": \"y\", \"rank\": 1, \"score\": 1, \"source\": \"s\"}",
                "{\"id\": \"y\", \"rank\": 1, \"score\": 1, \"source\": \"s\", \"fields\": {}, \"extra\": 1}",
                "{\"id\": \"x\", \"rank\": 1, \"score\": 1, \"source\": \"s\", \"fields\": {}}",
                "{\"id\": \"z\", \"rank\": 1, \"score\": 1, \"source\": \"t\", \"fields\": {}}",
                "{\"id\": \"",
                "{\"id\": 7, \"rank\": 1, \"score\": 1, \"source\": \"s\", \"fields\": {}}"), ids, problems);
        assertThat(problems).extracting(ResultFile.Problem::toString).satisfiesExactly(
                p -> assertThat(p).isEqualTo("b.jsonl:1: not a JSON object"),
                p -> assertThat(p).isEqualTo("b.jsonl:2: rank must be an integer >= 1"),
                p -> assertThat(p).isEqualTo("b.jsonl:3: fields must be an object"),
                p -> assertThat(p).isEqualTo("b.jsonl:4: missing fields"),
                p -> assertThat(p).startsWith("b.jsonl:5: unknown key extra"),
                p -> assertThat(p).isEqualTo("b.jsonl:6: duplicate item id x (first at a.jsonl:1)"),
                p -> assertThat(p).isEqualTo("b.jsonl:7: source t in a file of source s: give one result file per source"),
                p -> assertThat(p).startsWith("b.jsonl:8: malformed JSON"),
                p -> assertThat(p).isEqualTo("b.jsonl:9: id must be a non-empty string"));
    }
}
