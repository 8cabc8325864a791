package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.generator.annotation.Default;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every default in the generated CRDs is declared once, as a {@code DEFAULT_*} constant on the spec type that the
 * {@code @Default} annotation references, and the spec's typed accessor (e.g. {@code interval()}) falls back to exactly
 * that value: a Java literal that drifted from the CRD default fails here.
 */
@Tag("unit")
class CrdDefaultsTest {

    static final Path GENERATED = Path.of("target", "crds");
    static final String API = "dev.missioncontrol.operator.api.v1alpha1.";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Checked(String path, String value) {
    }

    @Test
    void everyCrdDefaultIsItsSpecConstantAndTheAccessorsFallBackToIt() throws Exception {
        List<Checked> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> crds;
        try (Stream<Path> files = Files.list(GENERATED)) {
            crds = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(crds).as("CRDs generated into " + GENERATED.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(6);
        for (Path crd : crds) {
            JsonNode doc = YAML.readTree(crd.toFile());
            String kind = doc.at("/spec/names/kind").asText();
            Class<?> specType = (Class<?>) ((ParameterizedType) Class.forName(API + kind).getGenericSuperclass()).getActualTypeArguments()[0];
            JsonNode spec = doc.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
            walk(kind + ".spec", spec, specType, checked, problems);
        }
        assertThat(problems).isEmpty();
        // The walk must have seen the defaults, or the test checks nothing: about 25 are scalars.
        assertThat(checked).as("scalar defaults compared").hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void aDriftedAccessorIsCaught() throws Exception {
        // What the check does with a spec type whose accessor repeats a literal that differs from its CRD default.
        List<String> problems = new ArrayList<>();
        checkAccessor("Drifted.spec.interval", Drifted.class, Drifted.class.getDeclaredField("interval"), "1m", problems);
        assertThat(problems).singleElement().asString().contains("interval()");
    }

    static class Drifted {
        public static final String DEFAULT_INTERVAL = "1m";
        @Default(DEFAULT_INTERVAL)
        private String interval;

        public String interval() {
            return interval == null ? "5m" : interval;
        }
    }

    private static void walk(String path, JsonNode schema, Class<?> type, List<Checked> checked, List<String> problems) throws Exception {
        JsonNode properties = schema.get("properties");
        if (properties == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            var e = it.next();
            String name = e.getKey();
            JsonNode prop = e.getValue();
            Field field = field(type, name);
            if (field == null) {
                problems.add(path + "." + name + ": no Java field " + name + " in " + type.getName());
                continue;
            }
            if (prop.has("default")) {
                check(path + "." + name, prop.get("default"), type, field, checked, problems);
            }
            Class<?> inner = field.getType();
            JsonNode innerSchema = prop;
            if (List.class.isAssignableFrom(inner) && field.getGenericType() instanceof ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> element) {
                inner = element;
                innerSchema = prop.get("items");
            }
            if (innerSchema != null && "object".equals(innerSchema.path("type").asText()) && inner.getName().startsWith(API)) {
                walk(path + "." + name, innerSchema, inner, checked, problems);
            }
        }
    }

    private static void check(String path, JsonNode crdDefault, Class<?> type, Field field, List<Checked> checked, List<String> problems)
            throws Exception {
        Default annotation = field.getAnnotation(Default.class);
        if (annotation == null) {
            problems.add(path + ": the CRD has a default but the field has no @Default");
            return;
        }
        if (crdDefault.isObject() && crdDefault.isEmpty()) {
            if (!"{}".equals(annotation.value())) {
                problems.add(path + ": CRD default {} but @Default(\"" + annotation.value() + "\")");
            }
            return; // an empty object: its fields carry their own defaults
        }
        String value = crdDefault.asText();
        String constantName = "DEFAULT_" + name(field.getName());
        Field constant;
        try {
            constant = type.getDeclaredField(constantName);
        } catch (NoSuchFieldException e) {
            problems.add(path + ": default " + value + " has no constant " + type.getSimpleName() + "." + constantName);
            return;
        }
        if (!Modifier.isStatic(constant.getModifiers()) || !Modifier.isFinal(constant.getModifiers())) {
            problems.add(path + ": " + constantName + " must be static final");
            return;
        }
        Object declared = constant.get(null);
        if (!same(value, String.valueOf(declared))) {
            problems.add(path + ": CRD default " + value + " but " + type.getSimpleName() + "." + constantName + " = " + declared);
        }
        if (!annotation.value().equals(String.valueOf(declared))) {
            problems.add(path + ": @Default(\"" + annotation.value() + "\") is not " + constantName);
        }
        checkAccessor(path, type, field, value, problems);
        checked.add(new Checked(path, value));
    }

    /** The typed accessor named like the field, if any, returns the same on an empty spec as on one holding the CRD default. */
    static void checkAccessor(String path, Class<?> type, Field field, String crdDefault, List<String> problems) throws Exception {
        Method accessor;
        try {
            accessor = type.getMethod(field.getName());
        } catch (NoSuchMethodException e) {
            return;
        }
        var ctor = type.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object empty = ctor.newInstance();
        Object defaulted = ctor.newInstance();
        field.setAccessible(true);
        field.set(defaulted, convert(crdDefault, field.getType()));
        Object fromEmpty = accessor.invoke(empty);
        Object fromDefault = accessor.invoke(defaulted);
        if (!Objects.equals(fromEmpty, fromDefault)) {
            problems.add(path + ": " + type.getSimpleName() + "." + field.getName() + "() falls back to " + fromEmpty
                    + " but the CRD default gives " + fromDefault);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(String value, Class<?> type) {
        if (type == String.class) {
            return value;
        }
        if (type == Integer.class) {
            return Integer.valueOf(value);
        }
        if (type == Long.class) {
            return Long.valueOf(value);
        }
        if (type == Double.class) {
            return Double.valueOf(value);
        }
        if (type == Boolean.class) {
            return Boolean.valueOf(value);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<Enum>) type, value);
        }
        throw new IllegalArgumentException("no conversion of a default to " + type);
    }

    private static boolean same(String crd, String constant) {
        if (crd.equals(constant)) {
            return true;
        }
        try {
            return Double.parseDouble(crd) == Double.parseDouble(constant);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                var json = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                if (f.getName().equals(name) || json != null && name.equals(json.value())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static String name(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
