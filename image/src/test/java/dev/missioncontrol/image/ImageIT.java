package dev.missioncontrol.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.metering.ExportCronJobDependent;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tarball Jib wrote (target/jib-image.tar, OCI layout) checked without a container runtime: its config
 * (non-root user, entrypoint, no shell), then its layers unpacked into a directory and its own java run from there:
 * `java -version`, mcctl exactly as the MeteringRotation CronJob runs it, and the operator itself against the
 * cluster in KUBECONFIG until it is ready. Image paths are absolute, so /opt/... is mapped into the unpacked root.
 */
@Tag("process")
class ImageIT {

    static final Path TAR = Path.of("target", "jib-image.tar");
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode config;
    static Path root;

    @TempDir
    static Path work;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TAR).as("built by `mvn package` (make image)").exists();
        Path layout = Files.createDirectories(work.resolve("layout"));
        run(List.of("tar", "-xf", TAR.toString(), "-C", layout.toString()), Duration.ofSeconds(60));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
        config = JSON.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile());
        root = Files.createDirectories(work.resolve("rootfs"));
        for (JsonNode layer : manifest.get("layers")) {
            assertThat(layer.get("mediaType").asText()).endsWith("tar+gzip");
            run(List.of("tar", "--no-same-owner", "-xzpf", blob(layout, layer.get("digest").asText()).toString(), "-C", root.toString()),
                    Duration.ofSeconds(60));
        }
        System.out.printf("[image] %s: %d bytes, %d layers, unpacked %d MB%n", TAR, Files.size(TAR), manifest.get("layers").size(),
                sizeOf(root) / (1024 * 1024));
    }

    @Test
    void runsAsNonRootWithJavaAsItsEntrypoint() throws IOException {
        JsonNode c = config.get("config");
        assertThat(c.get("User").asText()).isEqualTo("65532:65532");
        List<String> entrypoint = strings(c.get("Entrypoint"));
        assertThat(entrypoint).startsWith("/opt/java/bin/java").endsWith("-jar", "/opt/operator/quarkus-run.jar");
        assertThat(strings(c.get("Env"))).contains("PATH=/opt/java/bin");
        assertThat(root.resolve("bin/sh")).as("no shell in the image").doesNotExist();
        assertThat(Files.getPosixFilePermissions(root.resolve("opt/java/bin/java"))).contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(root.resolve("opt/operator/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("opt/mcctl/mcctl.jar")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("nonroot:x:65532:65532:");
        assertThat(root.resolve("tmp")).isDirectory();
    }

    @Test
    void itsJavaRunsAndMcctlRunsAsTheExportCronJobRunsIt() throws Exception {
        var version = run(List.of(inImage(strings(config.at("/config/Entrypoint")).get(0)), "-version"), Duration.ofSeconds(30));
        assertThat(version).contains("17.");
        // The CronJob's command is resolved on the image's PATH, as the container runtime does.
        List<String> command = new ArrayList<>(ExportCronJobDependent.MCCTL_COMMAND);
        command.set(0, inImage(onImagePath(command.get(0))));
        command.replaceAll(ImageIT::inImage);
        command.addAll(List.of("metering", "export", "--help"));
        var help = run(command, Duration.ofSeconds(30));
        // The exporter only delivers what the operator signed: it takes no Prometheus address and holds no key.
        assertThat(help).contains("--namespace", "--name", "--out").doesNotContain("--prometheus");
    }

    @Test
    void theOperatorInTheImageStartsAndSyncsItsInformers() throws Exception {
        installCrds();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(strings(config.at("/config/Entrypoint")));
        command.add(1, "-Dquarkus.http.port=" + port);
        command.replaceAll(ImageIT::inImage);
        Path log = Path.of("target", "operator-from-image.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String ready = awaitReady("http://127.0.0.1:" + port + "/q/health/ready", p, Duration.ofSeconds(120));
            assertThat(ready).contains("\"status\": \"UP\"", "federationcohort");
            assertThat(Files.readString(log)).contains("Profile prod activated").doesNotContain("ClassNotFound", "NoClassDefFound");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** An absolute path inside the image, as a path inside the unpacked root. */
    static String inImage(String arg) {
        return arg.startsWith("/opt/") ? root.resolve(arg.substring(1)).toString() : arg;
    }

    static String onImagePath(String executable) {
        for (String entry : strings(config.at("/config/Env"))) {
            if (entry.startsWith("PATH=")) {
                for (String dir : entry.substring(5).split(":")) {
                    if (Files.isExecutable(Path.of(inImage(dir + "/" + executable)))) {
                        return dir + "/" + executable;
                    }
                }
            }
        }
        throw new AssertionError(executable + " is not on the image's PATH");
    }

    static void installCrds() throws IOException {
        try (KubernetesClient client = new KubernetesClientBuilder().build(); Stream<Path> files = Files.list(Path.of("..", "crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.resource(crd).forceConflicts().fieldManager("mission-control-tests").serverSideApply();
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                            .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                                    .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 30, TimeUnit.SECONDS);
                }
            }
        }
    }

    static String awaitReady(String url, Process p, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("the operator from the image exited with code " + p.exitValue()
                        + " (see target/operator-from-image.log; a JRE without a module it needs exits 1 silently)");
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the operator from the image was not ready within " + timeout);
    }

    static String run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exited 0:%n%s", command, out).isZero();
        return out;
    }

    static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
