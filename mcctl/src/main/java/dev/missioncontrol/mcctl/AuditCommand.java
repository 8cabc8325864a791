package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
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
import java.util.List;
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
    static final String PUBLIC_KEY_CONFIGMAP = AuditPackets.PUBLIC_KEY_CONFIGMAP;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every audit packet of a namespace, with its published public keys, into one bundle.")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true, description = "Namespace whose packets to export.")
        String namespace;

        @Option(names = "--out", required = true, description = "File to write the bundle to.")
        Path out;

        @Option(names = "--kubeconfig", description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster).")
        Path kubeconfig;

        @Override
        public Integer call() throws IOException {
            if (kubeconfig != null) {
                System.setProperty("kubeconfig", kubeconfig.toString());
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                List<AuditBundle.Packet> packets = new ArrayList<>();
                for (ConfigMap cm : client.configMaps().inNamespace(namespace).withLabel(PACKET_LABEL, "true").list().getItems()) {
                    String json = cm.getData() == null ? null : cm.getData().get(PACKET_KEY);
                    if (json == null) {
                        continue;
                    }
                    var owner = cm.getMetadata().getOwnerReferences().stream().findFirst();
                    packets.add(new AuditBundle.Packet(owner.map(o -> o.getName()).orElse(cm.getMetadata().getName()),
                            owner.map(o -> o.getUid()).orElse(null), JSON.readValue(json, Dsse.Envelope.class)));
                }
                packets.sort(Comparator.comparing(AuditBundle.Packet::request));
                List<AuditBundle.PublicKeyRef> keys = new ArrayList<>();
                ConfigMap pub = client.configMaps().inNamespace(namespace).withName(PUBLIC_KEY_CONFIGMAP).get();
                if (pub != null && pub.getData() != null) {
                    keys.add(new AuditBundle.PublicKeyRef(pub.getData().get("keyid"), pub.getData().get("ed25519.pub.hex"),
                            pub.getData().get("ed25519.pub.pem")));
                }
                var bundle = new AuditBundle(AuditBundle.API_VERSION, namespace, Instant.now().toString(), keys, packets);
                JSON.writeValue(out.toFile(), bundle);
                spec.commandLine().getOut().printf("exported %d audit packet(s) from namespace %s to %s%n", packets.size(), namespace, out);
                return 0;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every signature and every chain link of a bundle; exits 1 if any packet fails.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Bundle written by `mcctl audit export`.")
        Path bundle;

        @Option(names = "--public-key", required = true,
                description = "The Ed25519 public key to trust: a file (PEM, or the raw key in hex) or the hex itself. "
                        + "Take it from the namespace's ConfigMap " + PUBLIC_KEY_CONFIGMAP + ", not from the bundle.")
        String publicKey;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PublicKey key;
            try {
                Path p = Path.of(publicKey);
                key = Ed25519Keys.parsePublic(Files.isRegularFile(p) ? Files.readString(p) : publicKey);
            } catch (RuntimeException e) {
                err.println("cannot read the public key: " + e.getMessage());
                return 2;
            }
            AuditBundle b = JSON.readValue(bundle.toFile(), AuditBundle.class);
            int failed = 0;
            for (AuditBundle.Packet packet : b.packets()) {
                var v = AuditTrail.verify(packet.envelope(), key);
                if (v.ok()) {
                    out.printf("OK   %s: %d entries, signature and chain verified%n", packet.request(), v.entries());
                } else {
                    failed++;
                    out.printf("FAIL %s:%n", packet.request());
                    v.problems().forEach(p -> out.printf("       %s%n", p));
                }
            }
            out.printf("%d packet(s), %d failed%n", b.packets().size(), failed);
            return failed == 0 ? 0 : 1;
        }
    }
}
