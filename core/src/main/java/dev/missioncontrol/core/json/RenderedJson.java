package dev.missioncontrol.core.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The mapper for every JSON document written as text (a ConfigMap's data, a file, a record): map entries are sorted
 * by key, so the same content renders to the same bytes in every JVM. {@code Map.of} and {@code HashMap} iterate in
 * an order that changes from one process to the next, and a changed byte is a write: every restart or leader
 * failover would rewrite every document that held one. Bean properties keep their declared order.
 */
public final class RenderedJson {

    private RenderedJson() {
    }

    /** Indented, for documents people read. */
    public static ObjectMapper indented() {
        return JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    /** One line. */
    public static ObjectMapper compact() {
        return JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }
}
