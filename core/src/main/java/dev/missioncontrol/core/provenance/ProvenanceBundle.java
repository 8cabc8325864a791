package dev.missioncontrol.core.provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The layout of a stitched provenance bundle (a directory) and its atomic write. Files:
 * <ul>
 * <li>{@value #EXPORT}: the exported rows, one item's canonical JSON per line: blended items by rank then score, then
 * demoted items the same way; blocked items are absent;</li>
 * <li>{@value #LOG}: one JSON object per removed or demoted item: action, id, source, decision, clause, file, line;</li>
 * <li>{@value #LABEL}: {@code {"partial": bool, "missingSources": [...]}} (the signed stitch statement says the same);</li>
 * <li>{@value #SOURCES_DIR}{@code <index>.dsse.json}: one per-source Statement envelope per source with exported rows;</li>
 * <li>{@value #STITCH}: the stitch Statement envelope;</li>
 * <li>{@value #PLAN}: the plan statement the export was stitched under (the chain's head);</li>
 * <li>{@value #PLAN_CHAIN}: the plan chain as given, oldest first, one canonical envelope per line, the head last.</li>
 * </ul>
 * Every envelope is stored as its canonical JSON, so {@code sha256sum} of the file is the digest dependencies name.
 */
public final class ProvenanceBundle {

    public static final String EXPORT = "export.jsonl";
    public static final String LOG = "log.jsonl";
    public static final String LABEL = "label.json";
    public static final String SOURCES_DIR = "sources/";
    public static final String ENVELOPE_SUFFIX = ".dsse.json";
    public static final String STITCH = "stitch.dsse.json";
    public static final String PLAN = "plan.dsse.json";
    public static final String PLAN_CHAIN = "plan-chain.jsonl";

    /** Predicate type of a per-source statement. */
    public static final String SOURCE_PREDICATE_TYPE = "https://missioncontrol.dev/provenance/source/v1";
    /** Predicate type of the stitch statement. */
    public static final String STITCH_PREDICATE_TYPE = "https://missioncontrol.dev/provenance/stitch/v1";

    private ProvenanceBundle() {
    }

    public static String sourceFile(String index) {
        return SOURCES_DIR + index + ENVELOPE_SUFFIX;
    }

    /**
     * Writes the files under {@code out}, which must not exist: into a temporary sibling directory first, then renamed into
     * place in one step, so {@code out} either holds the whole bundle or does not exist.
     */
    public static void write(Path out, Map<String, byte[]> files) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " exists; give a new bundle directory");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        try {
            for (var e : new TreeMap<>(files).entrySet()) {
                Path f = tmp.resolve(e.getKey()).normalize();
                if (!f.startsWith(tmp)) {
                    throw new IOException("bundle file " + e.getKey() + " escapes the bundle");
                }
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Reads every regular file of a bundle directory, by path relative to it ('/'-separated). */
    public static SortedMap<String, byte[]> read(Path dir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
