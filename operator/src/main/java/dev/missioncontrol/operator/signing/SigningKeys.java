package dev.missioncontrol.operator.signing;

import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.audit.SigningPurpose;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.ObjectNameTakenException;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's signing keys: one Ed25519 key per purpose (the audit trails, each MeteringRotation's exports), each
 * in a Secret in the operator's own namespace, where no tenant can read it. The public halves, with every retired key
 * that still verifies old records, are published read-only in the operator namespace's ConfigMap
 * {@value KeyRing#PUBLIC_KEYS_CONFIGMAP} (the chart lets every authenticated user read it), and copied into each
 * namespace whose records they verify. Verifiers trust the operator namespace's copy, never one a tenant can edit.
 *
 * <p>A key rotates when an administrator sets the annotation {@value #ROTATE} on its Secret to a new value (or when a
 * kind asks, as MeteringRotation's schedule does); the retired public key stays in the ring.
 */
public final class SigningKeys {

    /** Annotation on a key Secret: a new value rotates that purpose's key at its next use. */
    public static final String ROTATE = "missioncontrol.dev/rotate";
    public static final String PURPOSE_LABEL = "missioncontrol.dev/signing-purpose";
    static final String PRIVATE = "private.pem";
    static final String RING = "keyring.json";
    static final String ROTATED_FOR = "rotatedFor";

    /** The key a purpose signs with now, and its whole ring. */
    public record Signer(PrivateKey privateKey, String keyId, KeyRing ring) {
    }

    private final KubernetesClient client;
    private final String namespace;

    public SigningKeys(KubernetesClient client, String operatorNamespace) {
        this.client = client;
        this.namespace = operatorNamespace;
    }

    public String namespace() {
        return namespace;
    }

    public static String secretName(String purpose) {
        return "mission-control-signing-" + purpose;
    }

    /**
     * A purpose id that fits a label and a Secret name for a key of one object: {@code prefix-} plus a hash of the
     * namespace and name (the object's identity outlives its uid, so a re-created object keeps its keys).
     */
    public static String purposeFor(String prefix, String namespace, String name) {
        return SigningPurpose.of(prefix, namespace, name);
    }

    /** The ring of a purpose, if its key exists. Never creates anything. */
    public Optional<KeyRing> ring(String purpose) {
        return call(() -> Optional.ofNullable(secret(purpose)).map(SigningKeys::readRing));
    }

    /** The purpose's signing key, created on first use; rotated first if an administrator asked for it. */
    public Signer signer(String purpose, Instant now) {
        return call(() -> signerUnchecked(purpose, now));
    }

    private Signer signerUnchecked(String purpose, Instant now) {
        Secret s = secret(purpose);
        if (s == null) {
            s = create(purpose, now);
        }
        String asked = Optional.ofNullable(s.getMetadata().getAnnotations()).map(a -> a.get(ROTATE)).orElse(null);
        if (asked != null && !asked.equals(text(s, ROTATED_FOR))) {
            s = rotate(s, now, asked);
        }
        return read(s);
    }

    /** Switches the purpose to a new key now; the retired public key stays in the ring. */
    public Signer rotate(String purpose, Instant now) {
        return call(() -> {
            Secret s = secret(purpose);
            return read(rotate(s == null ? create(purpose, now) : s, now, null));
        });
    }

    /**
     * Publishes the ring: in the operator namespace (what verifiers trust) and, when {@code tenantNamespace} is given,
     * a copy there for convenience. Writes only what differs.
     */
    public Optional<ObjectNameTakenException> publish(KeyRing ring, Optional<String> tenantNamespace) {
        call(() -> {
            apply(namespace, ring);
            return null;
        });
        return tenantNamespace.filter(ns -> !ns.equals(namespace)).flatMap(ns -> apply(ns, ring));
    }

    /** Writes only what differs; in a tenant's namespace, nothing over someone else's ConfigMap of that name (returned). */
    private Optional<ObjectNameTakenException> apply(String ns, KeyRing ring) {
        String key = KeyRing.dataKey(ring.purpose());
        String json = ring.toJson();
        ConfigMap current = client.configMaps().inNamespace(ns).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
        if (!ns.equals(namespace)) {
            var taken = ForeignObjects.notManagedByOperator(current);
            if (taken.isPresent()) {
                return taken;
            }
        }
        if (current != null && current.getData() != null && json.equals(current.getData().get(key))) {
            return Optional.empty();
        }
        if (current == null) {
            var desired = new ConfigMapBuilder().withNewMetadata().withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).withNamespace(ns)
                    .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control"))
                    .endMetadata().withData(Map.of(key, json)).build();
            try {
                client.resource(desired).create();
                return Optional.empty();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // another reconciler created it a moment ago: add this purpose's key to it below
            }
        }
        // A JSON merge patch of this purpose's data key only: the other purposes' keys stay. Not server-side apply with a
        // field manager per purpose: one ConfigMap then carried one managedFields entry per purpose, and at 300
        // cohorts (each signs its plan chain under a purpose of its own) every apply of it took the API server more than
        // 10 s (issue 12's benchmark).
        String patch = client.getKubernetesSerialization().asJson(Map.of("data", Map.of(key, json)));
        client.configMaps().inNamespace(ns).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
        return Optional.empty();
    }

    /** The ring published in the operator namespace, if any. */
    public Optional<KeyRing> published(String purpose) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
        return Optional.ofNullable(cm).map(ConfigMap::getData).map(d -> d.get(KeyRing.dataKey(purpose))).flatMap(json -> {
            try {
                return Optional.of(KeyRing.parse(json));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private Secret secret(String purpose) {
        return client.secrets().inNamespace(namespace).withName(secretName(purpose)).get();
    }

    private Secret create(String purpose, Instant now) {
        var pair = Ed25519Keys.generate();
        // A Secret lost (deleted, restored without this key) must not orphan what its old keys signed: the ring goes on
        // from the published one, whose keys all become retired.
        KeyRing ring = published(purpose).map(r -> r.rotate(pair.getPublic(), now.toString()))
                .orElseGet(() -> KeyRing.of(purpose, pair.getPublic(), now.toString()));
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PRIVATE, b64(Ed25519Keys.privatePem(pair.getPrivate())));
        data.put(RING, b64(ring.toJson()));
        var fresh = new SecretBuilder().withNewMetadata().withName(secretName(purpose)).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control",
                        PURPOSE_LABEL, purpose))
                .endMetadata().withType("Opaque").withData(data).build();
        try {
            return client.secrets().inNamespace(namespace).resource(fresh).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return secret(purpose); // another reconciliation created it first
        }
    }

    /** Rotates with optimistic locking: a concurrent rotation makes this one fail with 409 and the caller retry. */
    private Secret rotate(Secret s, Instant now, String askedWith) {
        var pair = Ed25519Keys.generate();
        KeyRing next = readRing(s).rotate(pair.getPublic(), now.toString());
        Map<String, String> data = new HashMap<>(s.getData());
        data.put(PRIVATE, b64(Ed25519Keys.privatePem(pair.getPrivate())));
        data.put(RING, b64(next.toJson()));
        if (askedWith != null) {
            data.put(ROTATED_FOR, b64(askedWith));
        }
        var updated = new SecretBuilder(s).withData(data).build();
        return client.secrets().inNamespace(namespace).resource(updated).update();
    }

    /**
     * Signers already read, by the Secret's uid and resourceVersion (a Secret at one version holds one content): reading
     * one parses the PEM and the ring and signs a probe to check the key is the ring's current one, which make bench's
     * profile found on every plan change of every cohort. Bounded; an evicted signer is read again.
     */
    private static final int READ_CACHE_SIZE = 4096;
    private static final Map<String, Signer> READ = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Signer> eldest) {
                    return size() > READ_CACHE_SIZE;
                }
            });

    private static Signer read(Secret s) {
        String uid = s.getMetadata().getUid();
        String version = s.getMetadata().getResourceVersion();
        if (uid == null || version == null) {
            return readUncached(s);
        }
        String key = uid + "/" + version;
        Signer cached = READ.get(key);
        if (cached != null) {
            return cached;
        }
        Signer signer = readUncached(s);
        READ.put(key, signer);
        return signer;
    }

    private static Signer readUncached(Secret s) {
        KeyRing ring = readRing(s);
        String pem = text(s, PRIVATE);
        if (pem == null) {
            throw unusable(s.getMetadata().getName(), "it has no " + PRIVATE);
        }
        PrivateKey key;
        try {
            key = Ed25519Keys.privateFromPem(pem);
        } catch (IllegalArgumentException e) {
            throw unusable(s.getMetadata().getName(), "its " + PRIVATE + " is not an Ed25519 private key");
        }
        String keyId = ring.current().orElseThrow(() -> unusable(s.getMetadata().getName(), "its key ring has no current key")).keyid();
        var probe = dev.missioncontrol.core.audit.Dsse.sign("application/vnd.missioncontrol.probe", new byte[] {1}, key, keyId);
        if (!ring.verifies(probe)) {
            throw unusable(s.getMetadata().getName(), "its private key is not the current key " + keyId + " of its ring");
        }
        return new Signer(key, keyId, ring);
    }

    private static KeyRing readRing(Secret s) {
        String json = text(s, RING);
        if (json == null) {
            throw unusable(s.getMetadata().getName(), "it has no " + RING);
        }
        try {
            return KeyRing.parse(json);
        } catch (IllegalArgumentException e) {
            throw unusable(s.getMetadata().getName(), e.getMessage());
        }
    }

    private static String text(Secret s, String key) {
        String b64 = s.getData() == null ? null : s.getData().get(key);
        try {
            return b64 == null ? null : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // not base64: reported as missing
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signing is impossible for a reason a person must fix (the message says what): a key Secret of the wrong shape
     * (named, never "fixed" by overwriting it, which would orphan its records), the operator's namespace missing, or
     * no permission there. Kinds report it as a condition with reason {@value #REASON}.
     */
    public static final class SigningUnavailable extends RuntimeException {
        public static final String REASON = "SigningKeyUnavailable";

        public SigningUnavailable(String message) {
            super(message);
        }
    }

    static SigningUnavailable unusable(String secret, String why) {
        return new SigningUnavailable("The signing key Secret " + secret + " cannot be used: " + why + "; restore it from a backup.");
    }

    /** Runs an API call on the operator's namespace, turning the errors a person must fix into {@link SigningUnavailable}. */
    private <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 && e.getStatus() != null && e.getStatus().getDetails() != null
                    && "namespaces".equals(e.getStatus().getDetails().getKind())) {
                throw new SigningUnavailable("The operator's namespace " + namespace + " does not exist: create it, or set "
                        + SigningConfig.NAMESPACE_PROPERTY + " (POD_NAMESPACE in the chart) to the namespace the operator runs in.");
            }
            if (e.getCode() == 403) {
                throw new SigningUnavailable("The operator may not use Secrets and ConfigMaps in its namespace " + namespace
                        + ": install the chart's -records Role there.");
            }
            throw e;
        }
    }
}
