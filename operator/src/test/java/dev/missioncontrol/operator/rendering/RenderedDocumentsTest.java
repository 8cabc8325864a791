package dev.missioncontrol.operator.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The same resource renders to the same bytes in every process: a restarted operator, or the replica that takes over
 * the lease, then writes nothing. {@code Map.of} and {@code HashMap} iterate in an order that changes per JVM, so a
 * document built from one differed after every restart (1,000 ConfigMap updates on each restart at 1,000 cohorts).
 */
@Tag("unit")
class RenderedDocumentsTest {

    private static final int JVMS = 3;

    @Test
    void everyDependentRendersTheSameBytesInFreshJvms() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RenderedDocuments.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process p : processes) {
            String out = read(p);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("a rendering JVM finished").isTrue();
            assertThat(p.exitValue()).as("a rendering JVM's exit code (its stderr is above)").isZero();
            outputs.add(out);
        }
        List<String> lines = outputs.get(0).lines().toList();
        // Every kind with a workflow, and the documents the restarts rewrote (rule files, flags, plans) among them.
        assertThat(lines).as("rendered objects").hasSizeGreaterThan(20)
                .anyMatch(l -> l.contains(" FederationRuleFileDependent "))
                .anyMatch(l -> l.contains(" FeatureFlagsConfigMapDependent "))
                .anyMatch(l -> l.contains(" ConnectionConfigMapDependent "))
                .anyMatch(l -> l.contains(" SloRuleFileDependent "))
                .anyMatch(l -> l.contains(" MeteringRuleFileDependent "))
                .anyMatch(l -> l.contains(" QuotasConfigMapDependent "));
        for (int i = 1; i < JVMS; i++) {
            assertThat(outputs.get(i).lines().toList()).as("JVM %d's rendering against JVM 1's", i + 1)
                    .containsExactlyElementsOf(lines);
        }
        // And in this JVM too.
        assertThat(RenderedDocuments.render()).containsExactlyElementsOf(lines);
    }

    /**
     * JOSDK finds a primary's object among its objects of one type by the name {@code objectName} gives (not by rendering
     * the object): it must be the name and namespace {@code desired} renders, for every dependent with one object per
     * primary, or the operator would create a second object beside the first on every reconciliation.
     */
    @Test
    void everyDependentNamesItsObjectAsItRendersIt() throws Exception {
        int checked = 0;
        for (var r : RenderedDocuments.renderAll()) {
            if (r.key() != null || !(r.dependent() instanceof OwnedDependentResource<?, ?> owned)) {
                continue; // a bulk dependent (one object per key), or one that does not share the operator's base
            }
            var rendered = (HasMetadata) r.object();
            assertThat(objectName(owned, r.primary())).as("%s declares objectName", owned.getClass().getSimpleName()).isPresent();
            assertThat(targetId(owned, r.primary())).as("%s's object for %s %s", owned.getClass().getSimpleName(),
                    r.primary().getKind(), r.primary().getMetadata().getName())
                    .isEqualTo(new ResourceID(rendered.getMetadata().getName(), rendered.getMetadata().getNamespace()));
            checked++;
        }
        assertThat(checked).as("dependents checked").isGreaterThan(20);
    }

    private static ResourceID targetId(OwnedDependentResource<?, ?> dependent, HasMetadata primary) throws Exception {
        Method m = io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource.class
                .getDeclaredMethod("targetSecondaryResourceID", HasMetadata.class, io.javaoperatorsdk.operator.api.reconciler.Context.class);
        m.setAccessible(true);
        // No context: the name must not need one (rendering the object would).
        return (ResourceID) m.invoke(dependent, primary, null);
    }

    private static java.util.Optional<?> objectName(OwnedDependentResource<?, ?> dependent, HasMetadata primary) throws Exception {
        Method m = OwnedDependentResource.class.getDeclaredMethod("objectName", HasMetadata.class);
        m.setAccessible(true);
        return (java.util.Optional<?>) m.invoke(dependent, primary);
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
