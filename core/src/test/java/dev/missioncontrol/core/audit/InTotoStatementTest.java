package dev.missioncontrol.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class InTotoStatementTest {

    @Test
    void buildsTheV1ShapeWithSubjectsInOrder() {
        var predicate = CanonicalJson.MAPPER.createObjectNode().put("k", "v");
        var st = InTotoStatement.of(List.of(new InTotoStatement.Subject("b", "22"), new InTotoStatement.Subject("a", "11")),
                "https://example.test/p/v1", predicate);
        assertEquals("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{\"k\":\"v\"},"
                + "\"predicateType\":\"https://example.test/p/v1\",\"subject\":[{\"digest\":{\"sha256\":\"22\"},\"name\":\"b\"},"
                + "{\"digest\":{\"sha256\":\"11\"},\"name\":\"a\"}]}", CanonicalJson.write(st));
        assertTrue(InTotoStatement.hasTypes(st, "https://example.test/p/v1"));
    }

    @Test
    void typeChecksAreExact() {
        var st = InTotoStatement.of("x", "00", "https://example.test/p/v1", null);
        assertEquals("{}", st.path("predicate").toString());
        assertFalse(InTotoStatement.hasTypes(st, "https://example.test/p/v2"));
        st.put("_type", "https://in-toto.io/Statement/v0.1");
        assertFalse(InTotoStatement.hasTypes(st, "https://example.test/p/v1"));
        st.remove("_type");
        assertFalse(InTotoStatement.hasTypes(st, "https://example.test/p/v1"));
        assertFalse(InTotoStatement.hasTypes(null, "https://example.test/p/v1"));
    }
}
