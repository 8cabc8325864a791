package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/ must be exactly what hack/crd-docs.py generates from the committed crds/, and the relative
 * links in README.md and docs/ must resolve: `python3 hack/crd-docs.py --check` checks both.
 */
@Tag("unit")
class CrdReferenceDocsTest {

    @Test
    void committedReferenceMatchesTheCrdsAndLinksResolve() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Process process = new ProcessBuilder("python3", "hack/crd-docs.py", "--check")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("python3 hack/crd-docs.py --check did not finish within 120 s:%n%s", output).isTrue();
        assertThat(process.exitValue())
                .as("python3 hack/crd-docs.py --check (in %s) failed: run `make docs` and commit docs/reference/, "
                        + "or fix the links it names (PyYAML missing? `make python-deps`):%n%s", root, output)
                .isZero();
    }

    /** The working directory is operator/ under Maven; walk up until crds/ exists. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("crds")) && Files.isRegularFile(candidate.resolve("hack/crd-docs.py"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no directory with crds/ and hack/crd-docs.py above " + dir);
    }
}
