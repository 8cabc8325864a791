package dev.missioncontrol.operator.flags;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flagd flag-definition document (https://flagd.dev/schema/v0/flags.json). Every flag here targets the
 * evaluation-context attribute {@code tenant}: one variant exactly for the listed tenants, the default for everyone else.
 */
public final class FlagdDocument {

    public static final String FILE_NAME = "flags.json";
    public static final String SCHEMA = "https://flagd.dev/schema/v0/flags.json";
    public static final String ON = "on";
    public static final String OFF = "off";
    private static final ObjectMapper JSON = RenderedJson.indented();

    private final Map<String, Object> flags = new LinkedHashMap<>();

    public static FlagdDocument create() {
        return new FlagdDocument();
    }

    /** A boolean flag: variant on (true) for the given tenants, off (false) for everyone else. */
    public FlagdDocument booleanForTenants(String key, List<String> tenants) {
        return flag(key, Map.of(ON, true, OFF, false), ON, OFF, tenants);
    }

    /** A string flag whose variants are their own values: {@code onVariant} for the given tenants, {@code offVariant} otherwise. */
    public FlagdDocument stringForTenants(String key, String onVariant, String offVariant, List<String> tenants) {
        return flag(key, Map.of(onVariant, onVariant, offVariant, offVariant), onVariant, offVariant, tenants);
    }

    /** An object flag with one variant, {@code value}, for everyone who evaluates it (a per-tenant flag is keyed by tenant). */
    public FlagdDocument objectFlag(String key, String variant, Map<String, Object> value) {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        flag.put("variants", Map.of(variant, value));
        flag.put("defaultVariant", variant);
        flags.put(key, flag);
        return this;
    }

    /**
     * A string flag whose variants are their own values, split between them by flagd's {@code fractional} operation on the
     * flag key followed by the context attribute {@code tenant}: each tenant always lands in the same variant, shares as the
     * weights (in the order given). Tenants without the attribute get {@code defaultVariant}.
     */
    public FlagdDocument fractionalByTenant(String key, Map<String, Integer> weights, String defaultVariant) {
        List<Object> rule = new java.util.ArrayList<>();
        rule.add(Map.of("cat", List.of(Map.of("var", "$flagd.flagKey"), Map.of("var", "tenant"))));
        weights.forEach((variant, weight) -> rule.add(List.of(variant, weight)));
        Map<String, Object> variants = new TreeMap<>();
        weights.keySet().forEach(v -> variants.put(v, v));
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        flag.put("variants", variants);
        flag.put("defaultVariant", defaultVariant);
        flag.put("targeting", Map.of("fractional", rule));
        flags.put(key, flag);
        return this;
    }

    /** A string flag with the given variants (their own values) serving {@code variant} to every tenant. */
    public FlagdDocument stringForEveryone(String key, List<String> variants, String variant) {
        Map<String, Object> all = new TreeMap<>();
        variants.forEach(v -> all.put(v, v));
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        flag.put("variants", all);
        flag.put("defaultVariant", variant);
        flags.put(key, flag);
        return this;
    }

    private FlagdDocument flag(String key, Map<String, Object> variants, String onVariant, String offVariant, List<String> tenants) {
        Map<String, Object> isListed = Map.of("in", List.of(Map.of("var", "tenant"), List.copyOf(tenants)));
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        flag.put("variants", new TreeMap<>(variants));
        flag.put("defaultVariant", offVariant);
        flag.put("targeting", Map.of("if", List.of(isListed, onVariant, offVariant)));
        flags.put(key, flag);
        return this;
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", SCHEMA);
        doc.put("flags", flags);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a flagd document of strings, booleans, lists and maps is serialisable", e);
        }
    }
}
