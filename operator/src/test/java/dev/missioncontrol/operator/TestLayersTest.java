package dev.missioncontrol.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class of every module belongs to exactly one layer, so that running the layers one by one
 * (`make unit`, `make test-apiserver`, ...) runs every test: a class without a layer tag, with an unknown tag, or
 * named so that neither surefire (*Test) nor failsafe (*IT) picks it up would otherwise be skipped in silence.
 * Reads the test sources of all modules, the Makefile and the poms.
 */
@Tag("unit")
class TestLayersTest {

    /** The layers and the class-name suffix each requires (surefire runs *Test, failsafe runs *IT). */
    static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("unit", "Test");
        LAYERS.put("apiserver", "CrdTest");
        LAYERS.put("integration", "IntegrationTest");
        LAYERS.put("tools", "Test");
        LAYERS.put("process", "IT");
        LAYERS.put("faults", "FaultIT");
    }

    static final Path ROOT = Path.of("..");
    static final Pattern TEST_METHOD = Pattern.compile(
            "^\\s+@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example)\\b", Pattern.MULTILINE);
    static final Pattern CLASS_TAG = Pattern.compile("^@Tag\\(\"([^\"]*)\"\\)", Pattern.MULTILINE);
    static final Pattern ANY_TAG = Pattern.compile("@Tags?\\(([^)]*)\\)");
    static final Pattern CLASS_NAME = Pattern.compile("^(?:public |abstract |final )*class (\\w+)", Pattern.MULTILINE);

    record TestClass(Path file, String name, List<String> classTags, List<String> allTags) {
    }

    static List<TestClass> testClasses() throws IOException {
        List<TestClass> classes = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/test/java"))).sorted().toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/test/java"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        String source = Files.readString(file);
                        if (!TEST_METHOD.matcher(source).find()) {
                            continue; // fixtures, helpers, bases without tests of their own
                        }
                        Matcher name = CLASS_NAME.matcher(source);
                        assertThat(name.find()).as("a top-level class in " + file).isTrue();
                        classes.add(new TestClass(ROOT.relativize(file), name.group(1), all(CLASS_TAG, source), all(ANY_TAG, source)));
                    }
                }
            }
        }
        return classes;
    }

    private static List<String> all(Pattern pattern, String source) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyTestClassCarriesExactlyOneKnownLayerTag() throws IOException {
        List<TestClass> classes = testClasses();
        assertThat(classes).as("test classes found under */src/test/java").hasSizeGreaterThan(30);
        Map<String, Set<String>> byLayer = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (TestClass c : classes) {
            if (c.classTags().size() != 1) {
                problems.add(c.file() + ": needs exactly one class-level @Tag of " + LAYERS.keySet() + ", has " + c.classTags());
                continue;
            }
            for (String tag : c.allTags()) {
                if (!LAYERS.containsKey(tag.replace("\"", "").trim())) {
                    problems.add(c.file() + ": tag " + tag + " is not a layer of " + LAYERS.keySet());
                }
            }
            byLayer.computeIfAbsent(c.classTags().get(0), k -> new LinkedHashSet<>()).add(c.name());
        }
        assertThat(problems).as("test classes a layer run would skip").isEmpty();
        assertThat(byLayer.keySet()).as("layers that have tests").containsExactlyInAnyOrderElementsOf(LAYERS.keySet());
        byLayer.forEach((layer, names) -> System.out.printf("[layers] %s (%d): %s%n", layer, names.size(), names));
    }

    @Test
    void eachClassIsNamedForItsLayerSoSurefireOrFailsafeRunsIt() throws IOException {
        List<String> problems = new ArrayList<>();
        for (TestClass c : testClasses()) {
            if (c.classTags().size() != 1 || !LAYERS.containsKey(c.classTags().get(0))) {
                continue; // reported by the test above
            }
            String layer = c.classTags().get(0);
            String name = c.name();
            if (!name.endsWith(LAYERS.get(layer))) {
                problems.add(c.file() + ": a " + layer + " test's name ends with " + LAYERS.get(layer));
            }
            // A test that needs the cluster is not named like a unit test, and the reverse.
            if (name.endsWith("IntegrationTest") && !layer.equals("integration")
                    || name.endsWith("CrdTest") && !layer.equals("apiserver")
                    || name.endsWith("FaultIT") && !layer.equals("faults")
                    || name.endsWith("IT") && !name.endsWith("FaultIT") && !layer.equals("process")) {
                problems.add(c.file() + ": named like another layer than " + layer);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLayerHasAMakeTargetAndNoPomFiltersOneOut() throws IOException {
        String makefile = Files.readString(ROOT.resolve("Makefile"));
        Set<String> selected = new LinkedHashSet<>(all(Pattern.compile("-Dgroups=(\\w+)"), makefile));
        selected.addAll(all(Pattern.compile("hack/test\\.sh (\\w+)"), makefile));
        assertThat(selected).as("layers the Makefile's targets select (-Dgroups=LAYER or hack/test.sh LAYER)")
                .containsExactlyInAnyOrderElementsOf(LAYERS.keySet());
        for (String target : List.of("unit", "test-apiserver", "test-integration", "test-tools", "test-process", "test-faults", "test")) {
            assertThat(makefile).as("make " + target).containsPattern("(?m)^" + target + ":.*## ");
        }
        // Layers are chosen on the command line only: a <groups> or <excludedGroups> in a pom would drop tests from
        // `make test` (the one run of every layer) without a word.
        try (Stream<Path> poms = Files.walk(ROOT, 2)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                assertThat(Files.readString(pom)).as(pom.toString()).doesNotContain("<groups>").doesNotContain("<excludedGroups>");
            }
        }
    }

    @Test
    void ciRunsEveryLayerThatMakeTestLeavesOut() throws IOException {
        String testScript = Files.readString(ROOT.resolve("hack/test.sh"));
        Matcher excluded = Pattern.compile("\\$MVN verify -DexcludedGroups=([\\w,]+)").matcher(testScript);
        assertThat(excluded.find()).as("hack/test.sh's run of every layer names the layers it leaves out").isTrue();
        List<String> left = new ArrayList<>(List.of(excluded.group(1).split(",")));
        // A layer hack/test.sh runs in a Maven run of its own is not left out.
        left.removeAll(all(Pattern.compile("(?m)^\\$MVN test -Dgroups=(\\w+)"), testScript));
        assertThat(LAYERS.keySet()).as("layers hack/test.sh leaves out").containsAll(left);
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(ci).as(".ci/run").containsPattern("(?m)^make test$");
        for (String layer : left) {
            assertThat(ci).as(".ci/run runs the %s layer, which make test leaves out", layer)
                    .containsPattern("(?m)^make test-" + layer + "$");
        }
    }
}
