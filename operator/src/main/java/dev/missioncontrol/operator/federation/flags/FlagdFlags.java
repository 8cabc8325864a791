package dev.missioncontrol.operator.federation.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cohort's feature flags as a flagd flag-definition document. Both flags target the evaluation
 * context attribute {@code tenant}: on / federated exactly for the tenants enabled now, off / single-index
 * for everyone else, and for everyone once the cohort fell back or was aborted.
 */
public final class FlagdFlags {

    public static final String FILE_NAME = "flags.json";
    public static final String SCHEMA = "https://flagd.dev/schema/v0/flags.json";
    public static final String FEDERATED = "federated";
    public static final String SINGLE_INDEX = "single-index";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FlagdFlags() {
    }

    public static String enabledFlagKey(String cohort) {
        return "federated-search." + cohort + ".enabled";
    }

    public static String modeFlagKey(String cohort) {
        return "federated-search." + cohort + ".mode";
    }

    public static String document(String cohort, List<String> enabledTenants) {
        Map<String, Object> isEnabled = Map.of("in", List.of(Map.of("var", "tenant"), List.copyOf(enabledTenants)));
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put(enabledFlagKey(cohort), flag(Map.of("on", true, "off", false), "off",
                Map.of("if", List.of(isEnabled, "on", "off"))));
        flags.put(modeFlagKey(cohort), flag(Map.of(FEDERATED, FEDERATED, SINGLE_INDEX, SINGLE_INDEX), SINGLE_INDEX,
                Map.of("if", List.of(isEnabled, FEDERATED, SINGLE_INDEX))));
        return write(flags);
    }

    /** A document with one boolean flag, on exactly for the given tenants (evaluation-context attribute tenant). */
    public static String tenantFlagDocument(String key, List<String> tenants) {
        Map<String, Object> isOn = Map.of("in", List.of(Map.of("var", "tenant"), List.copyOf(tenants)));
        return write(Map.of(key, flag(Map.of("on", true, "off", false), "off", Map.of("if", List.of(isOn, "on", "off")))));
    }

    /** A flagd flag-definition document holding the given flags. */
    private static String write(Map<String, Object> flags) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", SCHEMA);
        doc.put("flags", flags);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> flag(Map<String, Object> variants, String defaultVariant, Map<String, Object> targeting) {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        flag.put("variants", new java.util.TreeMap<>(variants));
        flag.put("defaultVariant", defaultVariant);
        flag.put("targeting", targeting);
        return flag;
    }
}
