package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's memory options live in one place a user can change: JAVA_TOOL_OPTIONS. The image sets them as an
 * environment default and the chart's operator.javaOptions replaces that variable with the same string by default.
 * Memory flags on the image's entrypoint would win over JAVA_TOOL_OPTIONS (the JVM reads that variable first), so a
 * user's javaOptions would silently do nothing: the entrypoint carries none. make bench runs the operator with what
 * the chart renders (hack/bench.py chart_runtime).
 */
@Tag("unit")
class JvmOptionsTest {

    static final Path ROOT = Path.of("..");
    static final Pattern MEMORY_FLAG = Pattern.compile("-X(mx|ms|ss)|-XX:[+-]?(Max|Min|Initial)RAM|-XX:[+-]?Use\\w*GC|HeapFreeRatio");

    @Test
    void theImageDefaultIsTheChartDefaultAndItsEntrypointCarriesNoMemoryFlag() throws IOException {
        String pom = Files.readString(ROOT.resolve("image/pom.xml"));
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("charts/mission-control-operator/values.yaml").toFile());
        String chartOptions = values.path("operator").path("javaOptions").asText();
        assertThat(chartOptions).as("the chart's operator.javaOptions").contains("-XX:MaxRAMPercentage=").contains("-XX:+UseSerialGC");
        assertThat(element(pom, "JAVA_TOOL_OPTIONS")).as("the image's JAVA_TOOL_OPTIONS").isEqualTo(chartOptions);
        assertThat(element(pom, "MALLOC_ARENA_MAX")).as("the image's MALLOC_ARENA_MAX").isEqualTo("2");

        Matcher entrypoint = Pattern.compile("<entrypoint>(.*?)</entrypoint>", Pattern.DOTALL).matcher(pom);
        assertThat(entrypoint.find()).as("image/pom.xml has an entrypoint").isTrue();
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("<arg>([^<]*)</arg>").matcher(entrypoint.group(1));
        while (arg.find()) {
            args.add(arg.group(1));
        }
        assertThat(args).as("the entrypoint runs the operator").contains("/opt/java/bin/java", "/opt/operator/quarkus-run.jar");
        assertThat(args).as("entrypoint flags that would override JAVA_TOOL_OPTIONS").noneMatch(a -> MEMORY_FLAG.matcher(a).find());

        String deployment = Files.readString(ROOT.resolve("charts/mission-control-operator/templates/deployment.yaml"));
        assertThat(deployment).as("the chart's Deployment sets JAVA_TOOL_OPTIONS from operator.javaOptions and MALLOC_ARENA_MAX")
                .contains("- name: JAVA_TOOL_OPTIONS").contains(".Values.operator.javaOptions")
                .containsPattern("- name: MALLOC_ARENA_MAX\\s+value: \"2\"");
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertThat(m.find()).as("<%s> in image/pom.xml", name).isTrue();
        return m.group(1);
    }
}
