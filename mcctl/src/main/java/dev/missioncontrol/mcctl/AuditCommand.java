package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Export and verify the signed audit packets of ConnectRequests. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Export and verify signed audit packets.",
        subcommands = {AuditCommand.Export.class, AuditCommand.Verify.class})
public class AuditCommand {

    static final String PACKET_LABEL = AuditPackets.PACKET_LABEL;
    static final String PACKET_KEY = AuditPackets.PACKET_KEY;
    static final String DEFAULT_OPERATOR_NAMESPACE = "mission-control-system";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every audit packet of a namespace into one bundle (from the namespace's copies, or with "
                    + "--archive from the operator's archive, which also holds the trails of deleted requests).")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true, description = "Namespace whose packets to export.")
        String namespace;

        @Option(names = "--out", required = true, description = "File to write the bundle to.")
        Path out;

        @Option(names = "--archive", description = "Read the archived packets in the operator's namespace instead of the copies.")
        boolean archive;

        @Option(names = "--operator-namespace", defaultValue = DEFAULT_OPERATOR_NAMESPACE,
                description = "The operator's namespace (default: ${DEFAULT-VALUE}).")
        String operatorNamespace;

        @Option(names = "--kubeconfig", description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster).")
        Path kubeconfig;

        @Override
        public Integer call() throws IOException {
            if (kubeconfig != null) {
                System.setProperty("kubeconfig", kubeconfig.toString());
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                List<AuditBundle.Packet> packets = new ArrayList<>();
                var configMaps = archive
                        ? client.configMaps().inNamespace(operatorNamespace).withLabel(PACKET_LABEL, "true")
                                .withLabel(AuditPackets.NAMESPACE_LABEL, namespace).list().getItems()
                        : client.configMaps().inNamespace(namespace).withLabel(PACKET_LABEL, "true").list().getItems();
                for (ConfigMap cm : configMaps) {
                    String json = cm.getData() == null ? null : cm.getData().get(PACKET_KEY);
                    if (json == null) {
                        continue;
                    }
                    var annotations = cm.getMetadata().getAnnotations() == null ? Map.<String, String>of() : cm.getMetadata().getAnnotations();
                    var owner = cm.getMetadata().getOwnerReferences().stream().findFirst();
                    String request = archive ? annotations.get(AuditPackets.NAME_ANNOTATION) : owner.map(o -> o.getName()).orElse(null);
                    String uid = archive ? annotations.get(AuditPackets.UID_ANNOTATION) : owner.map(o -> o.getUid()).orElse(null);
                    packets.add(new AuditBundle.Packet(request == null ? cm.getMetadata().getName() : request, uid,
                            JSON.readValue(json, Dsse.Envelope.class)));
                }
                packets.sort(Comparator.comparing(AuditBundle.Packet::request));
                var bundle = new AuditBundle(AuditBundle.API_VERSION, namespace, Instant.now().toString(), List.of(), packets);
                JSON.writeValue(out.toFile(), bundle);
                spec.commandLine().getOut().printf("exported %d audit packet(s) from namespace %s%s to %s%n", packets.size(), namespace,
                        archive ? " (archive in " + operatorNamespace + ")" : "", out);
                return 0;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every signature, every chain link and every label of a bundle against the operator's audit keys; "
                    + "exits 1 if any packet fails. The keys never come from the bundle.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Bundle written by `mcctl audit export`.")
        Path bundle;

        @Option(names = {"--public-keys", "--public-key"},
                description = "The keys to trust, from a file or given inline: the operator's key ring (the audit.json of ConfigMap "
                        + KeyRing.PUBLIC_KEYS_CONFIGMAP + " in the operator's namespace), or one Ed25519 public key (PEM or raw hex).")
        String publicKeys;

        @Option(names = "--from-cluster", description = "Trust the key ring the operator publishes in its own namespace.")
        boolean fromCluster;

        @Option(names = "--operator-namespace", defaultValue = DEFAULT_OPERATOR_NAMESPACE,
                description = "The operator's namespace, for --from-cluster (default: ${DEFAULT-VALUE}).")
        String operatorNamespace;

        @Option(names = "--kubeconfig", description = "Kubeconfig for --from-cluster.")
        Path kubeconfig;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (fromCluster == (publicKeys != null)) {
                err.println("say which keys to trust: --public-keys FILE, or --from-cluster");
                return 2;
            }
            KeyRing ring;
            try {
                ring = fromCluster ? clusterRing() : fileRing(publicKeys);
            } catch (RuntimeException e) {
                err.println("cannot read the keys to trust: " + e.getMessage());
                return 2;
            }
            AuditBundle b = JSON.readValue(bundle.toFile(), AuditBundle.class);
            int failed = 0;
            Set<String> seen = new HashSet<>();
            for (AuditBundle.Packet packet : b.packets()) {
                List<String> problems = new ArrayList<>();
                var v = AuditTrail.verify(packet.envelope(), ring);
                problems.addAll(v.problems());
                if (v.ok()) {
                    problems.addAll(labelProblems(b, packet, AuditTrail.subject(packet.envelope())));
                }
                if (!seen.add(packet.request())) {
                    problems.add("the bundle holds more than one packet labelled " + packet.request());
                }
                if (problems.isEmpty()) {
                    out.printf("OK   %s: %d entries, signature, chain and labels verified%n", packet.request(), v.entries());
                } else {
                    failed++;
                    out.printf("FAIL %s:%n", packet.request());
                    problems.forEach(p -> out.printf("       %s%n", p));
                }
            }
            out.printf("%d packet(s), %d failed%n", b.packets().size(), failed);
            return failed == 0 ? 0 : 1;
        }

        /** Every label the bundle puts beside a packet must be what the packet's signed subject says. */
        static List<String> labelProblems(AuditBundle b, AuditBundle.Packet packet, AuditTrail.Subject subject) {
            List<String> problems = new ArrayList<>();
            if (!Objects.equals(subject.name(), packet.request())) {
                problems.add("labelled as request " + packet.request() + " but the signed trail is about request " + subject.name());
            }
            if (packet.uid() == null || !Objects.equals(subject.uid(), packet.uid())) {
                problems.add("labelled with uid " + packet.uid() + " but the signed trail is about uid " + subject.uid());
            }
            if (!Objects.equals(subject.namespace(), b.namespace())) {
                problems.add("the bundle is of namespace " + b.namespace() + " but the signed trail is about namespace " + subject.namespace());
            }
            return problems;
        }

        private KeyRing clusterRing() {
            if (kubeconfig != null) {
                System.setProperty("kubeconfig", kubeconfig.toString());
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                ConfigMap cm = client.configMaps().inNamespace(operatorNamespace).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
                String json = cm == null || cm.getData() == null ? null : cm.getData().get(KeyRing.dataKey(KeyRing.AUDIT));
                if (json == null) {
                    throw new IllegalStateException("ConfigMap " + KeyRing.PUBLIC_KEYS_CONFIGMAP + " in " + operatorNamespace
                            + " has no " + KeyRing.dataKey(KeyRing.AUDIT));
                }
                return KeyRing.parse(json);
            }
        }

        static KeyRing fileRing(String given) throws IOException {
            Path p = Path.of(given);
            String text = Files.isRegularFile(p) ? Files.readString(p) : given;
            if (text.trim().startsWith("{")) {
                return KeyRing.parse(text);
            }
            return KeyRing.of(KeyRing.AUDIT, Ed25519Keys.parsePublic(text), "given");
        }
    }
}
