package dev.missioncontrol.operator.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kubectl, helm and kubeconform `make tools` builds are where the docs' commands find them: hack/build-tools.sh
 * (cached: builds nothing once `make tools` ran) links them under their plain names into one directory and prints the
 * `export PATH=` line for it, and the README and the pages whose commands call them show that line.
 */
@Tag("tools")
class ToolsOnPathTest {

    static final Path ROOT = Path.of("..");
    static final String DOCS_LINE = "export PATH=~/.cache/mission-control/tools/path:$PATH";

    @Test
    void theDocsCommandsFindTheToolsMakeBuilt() throws IOException, InterruptedException {
        var result = ProcessRunner.run(Duration.ofMinutes(15), List.of("bash", ROOT.resolve("hack/build-tools.sh").toString()));
        assertThat(result.code()).as(result.output()).isZero();
        Matcher printed = Pattern.compile("export PATH=\"([^\"]+):\\$PATH\"").matcher(result.stderr());
        assertThat(printed.find()).as("build-tools.sh prints the PATH line: %s", result.stderr()).isTrue();
        Path dir = Path.of(printed.group(1));

        String versions = Files.readString(ROOT.resolve("hack/versions.env"));
        Map<String, List<String>> tools = Map.of(
                "kubectl", List.of("version", "--client"),
                "helm", List.of("version", "--short"),
                "kubeconform", List.of("-v"));
        Map<String, String> pinned = Map.of("kubectl", "KUBERNETES_VERSION", "helm", "HELM_VERSION", "kubeconform", "KUBECONFORM_VERSION");
        for (var tool : tools.entrySet()) {
            Path link = dir.resolve(tool.getKey());
            assertThat(link).as("%s on the printed PATH", tool.getKey()).isExecutable();
            Matcher version = Pattern.compile("(?m)^" + pinned.get(tool.getKey()) + "=(\\S+)").matcher(versions);
            assertThat(version.find()).isTrue();
            assertThat(link.toRealPath().getFileName().toString()).as("%s is the pinned build", tool.getKey())
                    .isEqualTo(tool.getKey() + "-" + version.group(1));
            var run = ProcessRunner.run(Duration.ofSeconds(30), concat(link.toString(), tool.getValue()));
            assertThat(run.code()).as("%s runs: %s", tool.getKey(), run.output()).isZero();
        }

        if (System.getenv("MC_TOOLS_DIR") == null) {
            assertThat(dir).as("the directory the docs' line names").isEqualTo(Path.of(System.getProperty("user.home"), ".cache",
                    "mission-control", "tools", "path"));
        }
        for (String page : List.of("README.md", "docs/install.md", "docs/development.md")) {
            assertThat(Files.readString(ROOT.resolve(page))).as("%s puts the tools on PATH before calling them", page).contains(DOCS_LINE);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
