package dev.missioncontrol.core.audit;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public keys of one signing purpose, oldest first: the current key (the last one not retired) and every key
 * that signed before a rotation, kept so old records still verify. This is what the operator publishes and what
 * verifiers trust; it never holds a private key.
 */
@JsonPropertyOrder({"purpose", "keys"})
public record KeyRing(String purpose, List<Key> keys) {

    /** Where the operator publishes key rings: a ConfigMap of this name, one data key {@code <purpose>.json} per purpose. */
    public static final String PUBLIC_KEYS_CONFIGMAP = "mission-control-public-keys";
    /** The purpose of the keys that sign ConnectRequest audit trails. */
    public static final String AUDIT = "audit";

    private static final ObjectMapper JSON = RenderedJson.indented()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @JsonPropertyOrder({"keyid", "ed25519", "createdAt", "retiredAt"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String keyid, String ed25519, String createdAt, String retiredAt) {

        public PublicKey publicKey() {
            return Ed25519Keys.publicFromRawHex(ed25519);
        }
    }

    public KeyRing {
        keys = List.copyOf(keys == null ? List.of() : keys);
    }

    public static String dataKey(String purpose) {
        return purpose + ".json";
    }

    public static KeyRing of(String purpose, PublicKey first, String createdAt) {
        return new KeyRing(purpose, List.of(new Key(Ed25519Keys.keyId(first), Ed25519Keys.rawPublicHex(first), createdAt, null)));
    }

    /** The ring after a rotation: the current key is retired at {@code at} and {@code next} becomes current. */
    public KeyRing rotate(PublicKey next, String at) {
        List<Key> out = new ArrayList<>();
        for (Key k : keys) {
            out.add(k.retiredAt() == null ? new Key(k.keyid(), k.ed25519(), k.createdAt(), at) : k);
        }
        out.add(new Key(Ed25519Keys.keyId(next), Ed25519Keys.rawPublicHex(next), at, null));
        return new KeyRing(purpose, out);
    }

    public Optional<Key> current() {
        return keys.stream().filter(k -> k.retiredAt() == null).reduce((a, b) -> b);
    }

    /** The key with this id, if the ring holds it: a record names its key, and only a key of the ring may verify it. */
    public Optional<PublicKey> find(String keyId) {
        return keys.stream().filter(k -> k.keyid().equals(keyId)).findFirst().map(Key::publicKey);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a published ring; every key must be a well-formed Ed25519 key whose id is the hash of the key. */
    public static KeyRing parse(String json) {
        KeyRing ring;
        try {
            ring = JSON.readValue(json, KeyRing.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a key ring: " + e.getOriginalMessage());
        }
        for (Key k : ring.keys()) {
            if (k.keyid() == null || k.ed25519() == null || !k.keyid().equals(Ed25519Keys.keyId(k.publicKey()))) {
                throw new IllegalArgumentException("key " + k.keyid() + " of the ring does not match its key id");
            }
        }
        return ring;
    }

    /** Verifies an envelope with the key it names, if that key is in the ring. */
    public boolean verifies(Dsse.Envelope envelope) {
        return signer(envelope).flatMap(this::find).map(k -> Dsse.verify(envelope, k)).orElse(false);
    }

    /** The key id the envelope's first signature names. */
    public static Optional<String> signer(Dsse.Envelope envelope) {
        return envelope.signatures() == null || envelope.signatures().isEmpty() ? Optional.empty()
                : Optional.ofNullable(envelope.signatures().get(0).keyid());
    }
}
