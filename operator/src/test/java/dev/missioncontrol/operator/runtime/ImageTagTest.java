package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One image tag: the one `make image` builds (image/pom.xml tags Jib's tarball {@code ${image.name}:${project.version}}).
 * The chart's Deployment runs it (its appVersion), a MeteringRotation's export CronJob runs it by default
 * (MeteringRotationSpec.ExportSpec.DEFAULT_IMAGE, the CRD's default), and every example and page that names a tag names it.
 */
@Tag("unit")
class ImageTagTest {

    static final Path ROOT = Path.of("..");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern TAGGED = Pattern.compile("mission-control-operator:([0-9][\\w.+-]*)");

    @Test
    void theChartAndTheExportDefaultRunTheTagMakeImageBuilds() throws IOException {
        String version = projectVersion();
        String imagePom = Files.readString(ROOT.resolve("image/pom.xml"));
        assertThat(imagePom).as("image/pom.xml tags the tarball with the project version")
                .contains("<image.name>mission-control-operator</image.name>")
                .contains("<image>${image.name}:${project.version}</image>")
                .contains("<version>" + version + "</version>");
        String built = "mission-control-operator:" + version;

        JsonNode chart = YAML.readTree(ROOT.resolve("charts/mission-control-operator/Chart.yaml").toFile());
        JsonNode values = YAML.readTree(ROOT.resolve("charts/mission-control-operator/values.yaml").toFile());
        assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion (the image tag the chart defaults to)").isEqualTo(version);
        assertThat(chart.path("version").asText()).as("Chart.yaml version").isEqualTo(version);
        assertThat(values.path("image").path("repository").asText() + ":"
                + (values.path("image").path("tag").asText().isEmpty() ? chart.path("appVersion").asText() : values.path("image").path("tag").asText()))
                .as("the image the chart's Deployment runs by default").isEqualTo(built);

        assertThat(MeteringRotationSpec.ExportSpec.DEFAULT_IMAGE).as("the export CronJob's default image").isEqualTo(built);
    }

    @Test
    void everyExampleAndPageNamesTheBuiltTag() throws IOException {
        String built = projectVersion();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("docs", "docs/reference", "examples", "crds", "charts/mission-control-operator/crds")) {
            try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        List<String> stale = new ArrayList<>();
        int seen = 0;
        for (Path f : files) {
            Matcher m = TAGGED.matcher(Files.readString(f));
            while (m.find()) {
                seen++;
                if (!m.group(1).equals(built)) {
                    stale.add(ROOT.relativize(f) + ": " + m.group());
                }
            }
        }
        assertThat(seen).as("the CRD, its reference page and the metering example name the tag").isGreaterThanOrEqualTo(3);
        assertThat(stale).as("tags other than the one `make image` builds (%s)", built).isEmpty();
    }

    /** The parent pom's version, which every module inherits. */
    static String projectVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>mission-control-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("pom.xml names its version after its artifactId").isTrue();
        return m.group(1);
    }
}
