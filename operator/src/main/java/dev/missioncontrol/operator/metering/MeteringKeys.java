package dev.missioncontrol.operator.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export-signing key of a MeteringRotation: a Secret holding the current private key and the previous
 * public key, and the ConfigMap publishing every public key that still verifies exports (the previous one
 * for the overlap period after a rotation).
 */
public final class MeteringKeys {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record State(String keyId, String previousKeyId, Instant rotatedAt, PublicKey current, Optional<PublicKey> previous) {
    }

    private MeteringKeys() {
    }

    public static String secretName(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-signing-key";
    }

    public static String publicKeysName(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-public-keys";
    }

    /** The current keys, creating the Secret with a first key when it is absent. */
    public static State ensure(KubernetesClient client, MeteringRotation mr, Instant now) {
        Secret s = client.secrets().inNamespace(mr.getMetadata().getNamespace()).withName(secretName(mr)).get();
        if (s == null) {
            try {
                s = client.resource(secret(mr, Ed25519Keys.generate(), null, now)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                s = client.secrets().inNamespace(mr.getMetadata().getNamespace()).withName(secretName(mr)).get();
            }
        }
        return read(s);
    }

    /** Switches to a new key; the old public key stays published for the overlap. */
    public static State rotate(KubernetesClient client, MeteringRotation mr, State current, Instant now) {
        var next = secret(mr, Ed25519Keys.generate(), current.current(), now);
        next.getMetadata().setResourceVersion(null);
        return read(client.resource(next).update());
    }

    /** A dry-run rotation: a candidate key signs and verifies a probe, and every key that signed exports is still published. */
    public static String rehearse(State current, List<String> receiptKeyIds) {
        var candidate = Ed25519Keys.generate();
        String candidateId = Ed25519Keys.keyId(candidate.getPublic());
        var probe = Dsse.sign("application/vnd.missioncontrol.rehearsal", "probe".getBytes(StandardCharsets.UTF_8),
                candidate.getPrivate(), candidateId);
        if (!Dsse.verify(probe, candidate.getPublic())) {
            throw new IllegalStateException("the candidate key does not verify its own signature");
        }
        List<String> kept = new ArrayList<>();
        kept.add(current.keyId());
        for (String id : receiptKeyIds) {
            if (!id.equals(current.keyId()) && !id.equals(current.previousKeyId())) {
                throw new IllegalStateException("receipts signed with key " + id + " would no longer verify: it is not published");
            }
        }
        return "dry run: candidate key " + candidateId.substring(0, 12) + " signs and verifies; after a switch key "
                + current.keyId().substring(0, 12) + " would stay published for the overlap, so every existing export ("
                + receiptKeyIds.size() + " receipts) stays verifiable; nothing switched";
    }

    /** Publishes the keys that verify exports: the current one, and the previous one until its overlap ends. */
    public static void publish(KubernetesClient client, MeteringRotation mr, State state, Duration overlap, Instant now) {
        List<Map<String, String>> keys = new ArrayList<>();
        keys.add(key(state.keyId(), state.current(), "current", null));
        state.previous().filter(p -> state.rotatedAt() == null || now.isBefore(state.rotatedAt().plus(overlap)))
                .ifPresent(p -> keys.add(key(state.previousKeyId(), p, "previous",
                        state.rotatedAt() == null ? null : state.rotatedAt().plus(overlap).toString())));
        String json;
        try {
            json = JSON.writeValueAsString(Map.of("keys", keys)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var cm = new ConfigMapBuilder().withNewMetadata().withName(publicKeysName(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of("metering-public-keys", mr)).withOwnerReferences(owner(mr)).endMetadata()
                .withData(Map.of("keys.json", json, "current.pem", Ed25519Keys.publicPem(state.current()))).build();
        var existing = client.configMaps().inNamespace(mr.getMetadata().getNamespace()).withName(publicKeysName(mr)).get();
        if (existing == null || !cm.getData().equals(existing.getData())) {
            client.resource(cm).forceConflicts().fieldManager(Labels.OPERATOR_NAME).serverSideApply();
        }
    }

    private static Map<String, String> key(String id, PublicKey k, String status, String validUntil) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("keyid", id);
        m.put("ed25519", Ed25519Keys.rawPublicHex(k));
        m.put("pem", Ed25519Keys.publicPem(k));
        m.put("status", status);
        if (validUntil != null) {
            m.put("validUntil", validUntil);
        }
        return m;
    }

    private static Secret secret(MeteringRotation mr, java.security.KeyPair key, PublicKey previous, Instant rotatedAt) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("current.key", b64(Ed25519Keys.privatePem(key.getPrivate())));
        data.put("current.pub", b64(Ed25519Keys.publicPem(key.getPublic())));
        data.put("current.keyid", b64(Ed25519Keys.keyId(key.getPublic())));
        data.put("rotatedAt", b64(rotatedAt.toString()));
        if (previous != null) {
            data.put("previous.pub", b64(Ed25519Keys.publicPem(previous)));
            data.put("previous.keyid", b64(Ed25519Keys.keyId(previous)));
        }
        return new SecretBuilder().withNewMetadata().withName(secretName(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of("metering-signing-key", mr)).withOwnerReferences(owner(mr)).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    private static State read(Secret s) {
        Map<String, String> d = s.getData();
        PublicKey current = Ed25519Keys.publicFromPem(text(d.get("current.pub")));
        Optional<PublicKey> previous = Optional.ofNullable(d.get("previous.pub")).map(MeteringKeys::text).map(Ed25519Keys::publicFromPem);
        return new State(text(d.get("current.keyid")), Optional.ofNullable(d.get("previous.keyid")).map(MeteringKeys::text).orElse(null),
                Optional.ofNullable(d.get("rotatedAt")).map(MeteringKeys::text).map(Instant::parse).orElse(null), current, previous);
    }

    static io.fabric8.kubernetes.api.model.OwnerReference owner(MeteringRotation mr) {
        return new OwnerReferenceBuilder().withApiVersion(mr.getApiVersion()).withKind(mr.getKind()).withName(mr.getMetadata().getName())
                .withUid(mr.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
