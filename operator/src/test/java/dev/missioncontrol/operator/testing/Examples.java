package dev.missioncontrol.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * examples/, read as hack/apply-examples.sh reads it: every object of every file in name order, with the user a file's
 * {@code # kubectl-as:} (and {@code # kubectl-as-group:}) header names, or none for the kubeconfig's admin.
 */
public final class Examples {

    public static final Path DIR = Path.of("..", "examples");
    /** The Prometheus address the examples name: `make run`'s demo Prometheus. */
    public static final String DEMO_PROMETHEUS = "http://127.0.0.1:19090";

    /** A file's "# kubectl-as:" and "# kubectl-as-group:" lines. */
    public record Actor(String user, List<String> groups) {
        public static Actor of(List<String> lines) {
            String user = lines.stream().filter(l -> l.startsWith("# kubectl-as: ")).map(l -> l.substring(14).trim()).findFirst().orElse(null);
            List<String> groups = lines.stream().filter(l -> l.startsWith("# kubectl-as-group: ")).map(l -> l.substring(20).trim()).toList();
            return user == null ? null : new Actor(user, groups);
        }
    }

    /** One object of an example file and who applies it (null: the kubeconfig's admin). */
    public record Example(HasMetadata item, Actor actor) {
    }

    private Examples() {
    }

    public static List<Example> load(KubernetesClient client) throws IOException {
        return load(client, UnaryOperator.identity());
    }

    /** Every example object, each file's text first passed through {@code edit} (to point it at a test's Prometheus, say). */
    public static List<Example> load(KubernetesClient client, UnaryOperator<String> edit) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Actor actor = Actor.of(Files.readAllLines(f));
                try (InputStream in = new ByteArrayInputStream(edit.apply(Files.readString(f)).getBytes(StandardCharsets.UTF_8))) {
                    for (HasMetadata item : client.load(in).items()) {
                        examples.add(new Example(item, actor));
                    }
                }
            }
        }
        return examples;
    }

    /** Replaces every occurrence of each key with its value. */
    public static UnaryOperator<String> replacing(Map<String, String> replacements) {
        return text -> {
            String out = text;
            for (var r : replacements.entrySet()) {
                out = out.replace(r.getKey(), r.getValue());
            }
            return out;
        };
    }

    /**
     * As hack/apply-examples.sh does for a file with a header: server-side, as the user the file names, with only that
     * user's groups, so the admission policies judge it. Retries a 403 from RBAC (a new RoleBinding reaches the authorizer
     * a moment later), never one from a policy.
     */
    public static void applyAs(Actor actor, HasMetadata item) {
        var as = Actors.exactly(actor.user(), actor.groups());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                as.resource(item).fieldManager("examples-" + actor.user().split("@")[0]).forceConflicts().serverSideApply();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403 || String.valueOf(e.getMessage()).contains("ValidatingAdmissionPolicy") || System.nanoTime() > deadline) {
                    throw new AssertionError(item.getKind() + " " + item.getMetadata().getName() + " applied as " + actor + ": "
                            + e.getMessage(), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }
}
