package dev.missioncontrol.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Whether a freshly built status says the same as the one in the cluster, compared as the JSON the API
 * server stores. No hand-written equals() to forget a new field in: a missed field would mean a missed write.
 */
public final class StatusComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusComparison() {
    }

    public static boolean same(Object next, Object current) {
        if (next == null || current == null) {
            return next == current;
        }
        return Objects.equals(JSON.valueToTree(next), JSON.valueToTree(current));
    }
}
