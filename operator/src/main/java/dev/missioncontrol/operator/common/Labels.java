package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** The recommended app.kubernetes.io labels every owned object carries. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR_NAME = "mission-control-operator";
    /** Informers of owned objects watch only what this operator manages. */
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY + "=" + OPERATOR_NAME;

    private Labels() {
    }

    /** Labels that select the pods of one component of one primary resource. */
    public static Map<String, String> selector(String component, HasMetadata owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", component);
        labels.put("app.kubernetes.io/instance", owner.getMetadata().getName());
        return labels;
    }

    public static Map<String, String> of(String component, HasMetadata owner) {
        Map<String, String> labels = selector(component, owner);
        labels.put("app.kubernetes.io/part-of", "mission-control");
        labels.put(MANAGED_BY, OPERATOR_NAME);
        return labels;
    }
}
