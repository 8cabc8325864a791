package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.audit.AuditPackets;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace's audit signing key: an Ed25519 key in a Secret the operator creates when absent, and its
 * public half published in a ConfigMap anyone can read to verify packets. Neither is owned by a request,
 * so packets stay verifiable after the requests are gone.
 */
public final class AuditSigningKeys {

    public static final String SECRET = AuditPackets.SIGNING_KEY_SECRET;
    public static final String PUBLIC_CONFIGMAP = AuditPackets.PUBLIC_KEY_CONFIGMAP;

    public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {
    }

    private AuditSigningKeys() {
    }

    /** The published public key, if any. */
    public static Optional<PublicKey> published(KubernetesClient client, String namespace) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(PUBLIC_CONFIGMAP).get();
        return Optional.ofNullable(cm).map(ConfigMap::getData).map(d -> d.get("ed25519.pub.pem")).map(Ed25519Keys::publicFromPem);
    }

    public static SigningKey getOrCreate(KubernetesClient client, String namespace) {
        Secret secret = client.secrets().inNamespace(namespace).withName(SECRET).get();
        if (secret == null) {
            var pair = Ed25519Keys.generate();
            var fresh = new SecretBuilder()
                    .withNewMetadata().withName(SECRET).withNamespace(namespace)
                    .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control"))
                    .endMetadata()
                    .withType("Opaque")
                    .withData(Map.of("ed25519.key", b64(Ed25519Keys.privatePem(pair.getPrivate())),
                            "ed25519.pub.pem", b64(Ed25519Keys.publicPem(pair.getPublic()))))
                    .build();
            try {
                secret = client.secrets().inNamespace(namespace).resource(fresh).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                secret = client.secrets().inNamespace(namespace).withName(SECRET).get(); // another reconciliation won
            }
        }
        PrivateKey priv = Ed25519Keys.privateFromPem(text(secret.getData().get("ed25519.key")));
        PublicKey pub = Ed25519Keys.publicFromPem(text(secret.getData().get("ed25519.pub.pem")));
        String keyId = Ed25519Keys.keyId(pub);
        publish(client, namespace, pub, keyId);
        return new SigningKey(priv, pub, keyId);
    }

    private static void publish(KubernetesClient client, String namespace, PublicKey pub, String keyId) {
        var desired = new ConfigMapBuilder()
                .withNewMetadata().withName(PUBLIC_CONFIGMAP).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control"))
                .endMetadata()
                .withData(Map.of("ed25519.pub.pem", Ed25519Keys.publicPem(pub), "ed25519.pub.hex", Ed25519Keys.rawPublicHex(pub),
                        "keyid", keyId))
                .build();
        ConfigMap current = client.configMaps().inNamespace(namespace).withName(PUBLIC_CONFIGMAP).get();
        if (current == null || !desired.getData().equals(current.getData())) {
            client.resource(desired).forceConflicts().fieldManager(Labels.OPERATOR_NAME).serverSideApply();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
