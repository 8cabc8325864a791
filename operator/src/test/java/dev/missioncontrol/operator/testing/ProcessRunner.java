package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion (mcctl, promtool, a Python verifier, the operator jar) and captures its exit code,
 * stdout and stderr. A command that outlives its timeout is killed and fails the test with what it printed so far.
 * Output goes to files, not pipes, so a chatty process never blocks on a full pipe.
 */
public final class ProcessRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** mcctl as built by the mcctl module, relative to the operator module (Maven's working directory). */
    public static final Path MCCTL = Path.of("..", "mcctl", "target", "mcctl.jar");
    public static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool");
    /** The independent DSSE / Ed25519 verifier (securesystemslib). */
    public static final Path VERIFY_DSSE = Path.of("..", "hack", "verify-dsse.py");

    /** What a finished process left behind. {@link #output()} is stdout then stderr, for assertions and their messages. */
    public record Result(List<String> command, int code, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    private ProcessRunner() {
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    public static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("process-", ".out");
        Path err = Files.createTempFile("process-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError(command + " did not finish within " + timeout + "; stdout:\n" + Files.readString(out)
                        + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** `java -jar mcctl.jar ARGS` with the JVM running the tests. */
    public static Result mcctl(String... args) throws IOException, InterruptedException {
        return run(DEFAULT_TIMEOUT, javaJar(MCCTL, List.of(args)));
    }

    public static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL));
        command.addAll(List.of(args));
        return run(DEFAULT_TIMEOUT, command);
    }

    /** `python3 SCRIPT ARGS`. */
    public static Result python(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        return run(DEFAULT_TIMEOUT, command);
    }

    /** The command line `java -jar JAR ARGS` with the JVM running the tests. */
    public static List<String> javaJar(Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()));
        command.addAll(args);
        return command;
    }
}
