package dev.missioncontrol.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The local control plane's kube-apiserver audit log (hack/audit-policy.yaml: every write, Events included, at the
 * Metadata level), read from the file the API server appends to: {@code $MC_AUDIT_LOG}, else
 * {@code logs/audit.log} beside the cluster's kubeconfig, where kwokctl puts it.
 */
public final class ApiServerAuditLog {

    static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection");
    /** The control plane's own controllers (Deployment and ReplicaSet controllers, kwok's kubelets) write too. */
    static final List<String> CONTROL_PLANE_AGENTS = List.of("kube-apiserver/", "kube-controller-manager/", "kube-scheduler/", "kwok/");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One audited write. */
    public record Write(String verb, String resource, String subresource, String name, String user, String userAgent, int code) {
        @Override
        public String toString() {
            return verb + " " + resource + (subresource == null ? "" : "/" + subresource) + " " + name + " (" + code + ", "
                    + userAgent + ")";
        }
    }

    private final Path file;

    private ApiServerAuditLog(Path file) {
        this.file = file;
    }

    public static ApiServerAuditLog ofLocalCluster() {
        String configured = System.getenv("MC_AUDIT_LOG");
        String kubeconfig = System.getenv("KUBECONFIG");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
                : kubeconfig == null ? null : Path.of(kubeconfig).toAbsolutePath().getParent().resolve("logs").resolve("audit.log");
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException("no kube-apiserver audit log at " + file + ": the test cluster was not started by "
                    + "hack/cluster-up.sh with hack/audit-policy.yaml (run `make test`, or `make cluster-down` to recreate it)");
        }
        return new ApiServerAuditLog(file);
    }

    /** Where the log ends now: the writes after this mark are the ones {@link #writesSince} reads. */
    public long mark() throws IOException {
        return Files.size(file);
    }

    /**
     * The writes to objects in the namespace audited after the mark, by anyone but the control plane's own controllers:
     * with no test code writing meanwhile, the operator's.
     */
    public List<Write> writesSince(long mark, String namespace) throws IOException {
        if (Files.size(file) < mark) {
            throw new IllegalStateException(file + " shrank (rotated?) while a test read it");
        }
        List<Write> writes = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(mark);
            byte[] rest = new byte[(int) (in.length() - mark)];
            in.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                JsonNode ref = e.path("objectRef");
                String agent = e.path("userAgent").asText("");
                if (!WRITE_VERBS.contains(e.path("verb").asText()) || !namespace.equals(ref.path("namespace").asText())
                        || CONTROL_PLANE_AGENTS.stream().anyMatch(agent::startsWith)) {
                    continue;
                }
                writes.add(new Write(e.path("verb").asText(), ref.path("resource").asText(),
                        ref.hasNonNull("subresource") ? ref.path("subresource").asText() : null, ref.path("name").asText(),
                        e.path("user").path("username").asText(), agent, e.path("responseStatus").path("code").asInt()));
            }
        }
        return writes;
    }
}
