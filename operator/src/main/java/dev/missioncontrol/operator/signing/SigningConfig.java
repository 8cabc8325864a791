package dev.missioncontrol.operator.signing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.eclipse.microprofile.config.ConfigProvider;

/** Where the operator keeps its signing keys and archived records: its own namespace (missioncontrol.signing.namespace). */
public final class SigningConfig {

    public static final String NAMESPACE_PROPERTY = "missioncontrol.signing.namespace";
    static final String DEFAULT_NAMESPACE = "mission-control-system";

    private SigningConfig() {
    }

    public static String operatorNamespace() {
        return ConfigProvider.getConfig().getOptionalValue(NAMESPACE_PROPERTY, String.class).filter(s -> !s.isBlank())
                .orElse(DEFAULT_NAMESPACE);
    }

    public static SigningKeys keys(KubernetesClient client) {
        return new SigningKeys(client, operatorNamespace());
    }
}
