package dev.missioncontrol.mcctl;

import dev.missioncontrol.core.onboarding.ApproverTrustList;
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
 * The approvers' trust list an onboarding command trusts (a picocli mixin): a file, or the ConfigMap
 * {@value ApproverTrustList#CONFIGMAP} (data key {@value ApproverTrustList#DATA_KEY}) in the operator's namespace,
 * which only the platform admins may write (the chart's policy mission-control-operator-onboarding-approvers).
 */
public class ApproverTrustListOptions {

    @Option(names = {"--trust-list", "--public-keys"}, description = "The approvers' trust list file: the data key "
            + ApproverTrustList.DATA_KEY + " of the ConfigMap " + ApproverTrustList.CONFIGMAP + " in the operator's namespace.")
    Path file;

    @Option(names = "--from-cluster", description = "Read the trust list from the ConfigMap " + ApproverTrustList.CONFIGMAP
            + " in --operator-namespace.")
    boolean fromCluster;

    @Option(names = "--operator-namespace", defaultValue = "mission-control-system",
            description = "The operator's namespace (default ${DEFAULT-VALUE}).")
    String operatorNamespace;

    /** Whether a trust list was asked for at all (appeal's check is optional). */
    boolean given() {
        return fromCluster || file != null;
    }

    /** The trust list, or empty after printing why to stderr (the caller then exits {@link KeyRingOptions#NO_KEY_RING}). */
    Optional<ApproverTrustList> load(CommandSpec spec) {
        try {
            return Optional.of(read());
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Optional.empty();
        }
    }

    private ApproverTrustList read() throws IOException {
        if (fromCluster == (file != null)) {
            throw new IllegalArgumentException("give exactly one of --trust-list FILE or --from-cluster");
        }
        if (file != null) {
            return ApproverTrustList.parse(Files.readString(file));
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            ConfigMap cm = client.configMaps().inNamespace(operatorNamespace).withName(ApproverTrustList.CONFIGMAP).get();
            String json = cm == null || cm.getData() == null ? null : cm.getData().get(ApproverTrustList.DATA_KEY);
            if (json == null) {
                throw new IllegalArgumentException("no trust list " + ApproverTrustList.DATA_KEY + " in ConfigMap "
                        + ApproverTrustList.CONFIGMAP + " of namespace " + operatorNamespace
                        + "; a platform admin creates it (docs/tenant-onboarding.md#trust-list)");
            }
            return ApproverTrustList.parse(json);
        }
    }
}
