package dev.missioncontrol.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.federation.rollout.ManualControls;
import dev.missioncontrol.operator.metering.MeteringPlanner;
import dev.missioncontrol.operator.predictive.PredictiveRolloutReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A one-shot annotation has one owner, Git or kubectl (docs/operations.md, GitOps): no example in Git carries a one-shot
 * annotation that a `kubectl annotate` command in the README or docs/ then changes on that same object, which would make
 * the next Argo CD or Flux sync conflict with kubectl's field manager.
 */
@Tag("unit")
class ExamplesGitOpsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> ONE_SHOT = Set.of(ManualControls.RETRY, PredictiveRolloutReconciler.REHEARSE, MeteringPlanner.ROTATE,
            MeteringPlanner.REHEARSE);
    /** kubectl [flags] annotate KIND NAME ... missioncontrol.dev/x=... */
    static final Pattern ANNOTATE = Pattern.compile("kubectl(?:\\s+--?\\S+)*\\s+annotate\\s+(\\S+)\\s+(\\S+)([^`\\n]*)");
    static final Pattern KEY = Pattern.compile("(missioncontrol\\.dev/[a-z-]+)=");

    record Carried(String kind, String name, String annotation) {
    }

    @Test
    void noExampleCarriesAOneShotAnnotationThatTheDocsChangeWithKubectl() throws Exception {
        List<Carried> carried = carriedByExamples();
        assertThat(carried).as("the scan sees the go rollout's Git-owned rehearse token")
                .contains(new Carried("PredictiveRollout", "ranking-go", PredictiveRolloutReconciler.REHEARSE));
        List<String> commands = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            for (Path doc : Stream.concat(docs.filter(p -> p.toString().endsWith(".md")), Stream.of(Path.of("..", "README.md"))).toList()) {
                for (String line : Files.readAllLines(doc)) {
                    commands.addAll(annotateCommands(line));
                    conflicts.addAll(conflicts(line, carried).stream().map(c -> doc.getFileName() + ": " + c).toList());
                }
            }
        }
        assertThat(commands).as("the scan sees the docs' kubectl annotate commands").anyMatch(c -> c.contains(ManualControls.RETRY));
        assertThat(conflicts).as("kubectl annotate on an example's Git-owned one-shot annotation").isEmpty();
    }

    @Test
    void theCheckFindsAConflictingCommand() {
        var carried = List.of(new Carried("PredictiveRollout", "ranking-go", PredictiveRolloutReconciler.REHEARSE));
        assertThat(conflicts("run `kubectl annotate pr ranking-go -n search-demo missioncontrol.dev/rehearse=$(date +%s) --overwrite`", carried))
                .hasSize(1);
        assertThat(conflicts("`kubectl --as=olga annotate predictiverollouts ranking-go missioncontrol.dev/rehearse=2`", carried)).hasSize(1);
        assertThat(conflicts("`kubectl annotate pr NAME missioncontrol.dev/rehearse=$(date +%s)`", carried)).as("not that example").isEmpty();
        assertThat(conflicts("`kubectl annotate mr ranking-go missioncontrol.dev/rehearse=1`", carried)).as("another kind").isEmpty();
    }

    static List<Carried> carriedByExamples() throws Exception {
        List<Carried> carried = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : YAML.readValues(YAML.getFactory().createParser(f.toFile()), JsonNode.class).readAll()) {
                    JsonNode annotations = doc.path("metadata").path("annotations");
                    annotations.fieldNames().forEachRemaining(key -> {
                        if (ONE_SHOT.contains(key)) {
                            carried.add(new Carried(doc.path("kind").asText(), doc.path("metadata").path("name").asText(), key));
                        }
                    });
                }
            }
        }
        return carried;
    }

    static List<String> annotateCommands(String line) {
        List<String> found = new ArrayList<>();
        Matcher m = ANNOTATE.matcher(line);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    static List<String> conflicts(String line, List<Carried> carried) {
        List<String> found = new ArrayList<>();
        Matcher m = ANNOTATE.matcher(line);
        while (m.find()) {
            String kind = KINDS.get(m.group(1).toLowerCase(Locale.ROOT));
            Matcher keys = KEY.matcher(m.group(3));
            while (keys.find()) {
                var command = new Carried(kind, m.group(2), keys.group(1));
                if (carried.contains(command)) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    /** What kubectl accepts for each kind with one-shot annotations: short name, singular and plural. */
    static final Map<String, String> KINDS = kinds(List.of(FederationCohort.class, PredictiveRollout.class, MeteringRotation.class));

    private static Map<String, String> kinds(List<Class<? extends HasMetadata>> types) {
        Map<String, String> kinds = new HashMap<>();
        for (var type : types) {
            String kind = HasMetadata.getKind(type);
            kinds.put(HasMetadata.getSingular(type), kind);
            kinds.put(HasMetadata.getPlural(type), kind);
            for (String shortName : type.getAnnotation(ShortNames.class).value()) {
                kinds.put(shortName, kind);
            }
        }
        return kinds;
    }
}
