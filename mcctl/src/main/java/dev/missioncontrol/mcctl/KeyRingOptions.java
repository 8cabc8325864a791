package dev.missioncontrol.mcctl;

import dev.missioncontrol.core.audit.KeyRing;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The key ring a {@code verify} command trusts, shared by every one of them (a picocli mixin): a key ring file, or the
 * ConfigMap {@value KeyRing#PUBLIC_KEYS_CONFIGMAP} in the operator's namespace; never a key that came with what is verified.
 * A ring that cannot be read is the caller's exit code 2.
 */
public class KeyRingOptions {

    /** The exit code of every verify command when no key ring could be read (or the options contradict each other). */
    public static final int NO_KEY_RING = 2;

    @Option(names = "--public-keys", description = "A key ring file: the data key <purpose>.json of the ConfigMap "
            + KeyRing.PUBLIC_KEYS_CONFIGMAP + " in the operator's namespace.")
    Path publicKeys;

    @Option(names = "--from-cluster", description = "Read the key ring from the ConfigMap " + KeyRing.PUBLIC_KEYS_CONFIGMAP
            + " in --operator-namespace (needs --purpose, unless the command knows it).")
    boolean fromCluster;

    @Option(names = "--operator-namespace", defaultValue = "mission-control-system",
            description = "The operator's namespace (default ${DEFAULT-VALUE}).")
    String operatorNamespace;

    @Option(names = "--purpose", description = "The signing purpose of the key ring: the resource's status.signingPurpose "
            + "(kubectl get mr|accessreview NAME -o jsonpath='{.status.signingPurpose}'); `experiment verify` derives it from the experiment.")
    String purpose;

    /**
     * The ring, or empty after printing why to stderr (the caller then exits {@link #NO_KEY_RING}).
     *
     * @param derivedPurpose the purpose the command knows without --purpose (null if it does not)
     */
    Optional<KeyRing> load(CommandSpec spec, String derivedPurpose) {
        String wanted = purpose != null ? purpose : derivedPurpose;
        try {
            KeyRing ring = ring(wanted);
            if (wanted != null && ring.purpose() != null && !wanted.equals(ring.purpose())) {
                spec.commandLine().getErr().println("the key ring is for purpose " + ring.purpose() + ", not " + wanted);
                return Optional.empty();
            }
            return Optional.of(ring);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Optional.empty();
        }
    }

    Optional<KeyRing> load(CommandSpec spec) {
        return load(spec, null);
    }

    private KeyRing ring(String wanted) throws IOException {
        if (fromCluster == (publicKeys != null)) {
            throw new IllegalArgumentException("give exactly one of --public-keys FILE or --from-cluster --purpose PURPOSE");
        }
        if (publicKeys != null) {
            return KeyRing.parse(Files.readString(publicKeys));
        }
        if (wanted == null) {
            throw new IllegalArgumentException("--from-cluster needs --purpose (kubectl get mr|accessreview NAME -o jsonpath='{.status.signingPurpose}')");
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            ConfigMap cm = client.configMaps().inNamespace(operatorNamespace).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
            String json = cm == null || cm.getData() == null ? null : cm.getData().get(KeyRing.dataKey(wanted));
            if (json == null) {
                throw new IllegalArgumentException("no key ring " + KeyRing.dataKey(wanted) + " in ConfigMap " + KeyRing.PUBLIC_KEYS_CONFIGMAP
                        + " of namespace " + operatorNamespace);
            }
            return KeyRing.parse(json);
        }
    }
}
