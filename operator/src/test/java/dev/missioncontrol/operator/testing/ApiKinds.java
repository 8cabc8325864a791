package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kinds the Java API types declare (every class of the api package that extends CustomResource), read from the
 * sources: what crds/, the health checks and the other per-kind lists must match, so that a test comparing against it
 * fails both when a kind is missing and when the list it checks is empty, with no count to keep up to date.
 */
public final class ApiKinds {

    static final Path API = Path.of("src", "main", "java", "dev", "missioncontrol", "operator", "api", "v1alpha1");
    static final Pattern KIND = Pattern.compile("^public class (\\w+) extends CustomResource<", Pattern.MULTILINE);

    private ApiKinds() {
    }

    /** The kinds' names, sorted. */
    public static List<String> declared() {
        try (Stream<Path> files = Files.list(API)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    var m = KIND.matcher(Files.readString(f));
                    return m.find() ? m.group(1) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(java.util.Objects::nonNull).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
