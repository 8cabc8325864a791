package dev.missioncontrol.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The house rules of ../shared/STYLE.md, read from the sources: a kind's package imports shared packages only, never
 * another kind's, and the graph of the operator's top-level packages has no cycle.
 */
@Tag("unit")
class PackageGraphTest {

    static final String ROOT = "dev.missioncontrol.operator.";
    static final Set<String> KINDS = Set.of("federation", "predictive", "marketplace", "metering", "slo");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.missioncontrol\\.operator\\.([a-z0-9]+)[.;]", Pattern.MULTILINE);
    static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.missioncontrol\\.operator\\.([a-z0-9]+)\\.[A-Za-z]");

    @Test
    void noKindImportsAnotherKind() throws IOException {
        List<String> violations = new ArrayList<>();
        graph().forEach((from, to) -> {
            if (KINDS.contains(from)) {
                to.stream().filter(t -> KINDS.contains(t) && !t.equals(from)).forEach(t -> violations.add(from + " -> " + t));
            }
        });
        assertThat(violations).as("kind packages must import shared packages only").isEmpty();
    }

    @Test
    void topLevelPackagesFormNoCycle() throws IOException {
        var graph = graph();
        assertThat(graph.keySet()).as("the scan saw the packages").contains("federation", "status", "analysis", "flags", "events", "api");
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("import cycles between top-level packages").isEmpty();
    }

    @Test
    void theCheckSeesAKindImportingAnotherKind() {
        // The scan itself must be able to fail: a line like this in predictive/ is what it looks for.
        Matcher m = IMPORT.matcher("import dev.missioncontrol.operator.federation.gates.FederationGate;\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("federation");
        Matcher q = QUALIFIED.matcher("var x = new dev.missioncontrol.operator.metering.MeteringPlanner();");
        assertThat(q.find()).isTrue();
        assertThat(q.group(1)).isEqualTo("metering");
    }

    private static void findCycle(Map<String, Set<String>> graph, String at, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                cycles.add(String.join(" -> ", path) + " -> " + next);
            } else if (!path.contains(next) && next.compareTo(path.get(0)) > 0) {
                path.add(next);
                findCycle(graph, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Top-level package under dev.missioncontrol.operator -> the top-level packages its sources use. */
    static Map<String, Set<String>> graph() throws IOException {
        Path main = Path.of("src/main/java/dev/missioncontrol/operator");
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path rel = main.relativize(file);
                if (rel.getNameCount() < 2) {
                    continue;
                }
                String from = rel.getName(0).toString();
                String source = Files.readString(file);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (Pattern p : List.of(IMPORT, QUALIFIED)) {
                    Matcher m = p.matcher(source);
                    while (m.find()) {
                        if (!m.group(1).equals(from)) {
                            to.add(m.group(1));
                        }
                    }
                }
            }
        }
        return graph;
    }
}
