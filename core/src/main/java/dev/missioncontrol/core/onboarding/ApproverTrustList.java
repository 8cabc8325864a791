package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.json.RenderedJson;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The approvers' trust list for appeal tokens: a {@link KeyRing} (purpose {@value AppealToken#TRUST_LIST_PURPOSE})
 * whose every key also names the approver who holds it ({@code approver}). A token is accepted only when the key that
 * signed it is a current key of the list and the token's {@code approver} is the name bound to that key, so an approver
 * cannot sign in someone else's name.
 *
 * <p>It lives in the ConfigMap {@value #CONFIGMAP} of the operator's namespace, data key {@value #DATA_KEY}; the
 * platform team writes it (never the operator), and the chart's admission policy
 * {@code mission-control-operator-onboarding-approvers} lets only the configured platform-admin groups change it. The
 * JSON is a key ring with one more field per key, so a key ring reader still reads it:
 * <pre>{"purpose": "onboarding-approvers", "keys": [{"keyid": "…", "ed25519": "…", "createdAt": "…",
 *   "approver": "alice@platform.example"}]}</pre>
 */
@JsonPropertyOrder({"purpose", "keys"})
public record ApproverTrustList(String purpose, List<Entry> keys) {

    /** The ConfigMap (operator's namespace) that holds the trust list. */
    public static final String CONFIGMAP = "mission-control-onboarding-approvers";
    /** Its data key. */
    public static final String DATA_KEY = AppealToken.TRUST_LIST_PURPOSE + ".json";

    private static final ObjectMapper JSON = RenderedJson.indented()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One approver key: a key ring entry and the approver it is bound to. */
    @JsonPropertyOrder({"keyid", "ed25519", "approver", "createdAt", "retiredAt"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String keyid, String ed25519, String approver, String createdAt, String retiredAt) {

        public KeyRing.Key key() {
            return new KeyRing.Key(keyid, ed25519, createdAt, retiredAt);
        }
    }

    public ApproverTrustList {
        keys = List.copyOf(keys == null ? List.of() : keys);
    }

    /** A list with one approver's key. */
    public static ApproverTrustList of(String approver, PublicKey key, String createdAt) {
        return new ApproverTrustList(AppealToken.TRUST_LIST_PURPOSE, List.of(entry(approver, key, createdAt)));
    }

    /** This list with one more approver key. */
    public ApproverTrustList with(String approver, PublicKey key, String createdAt) {
        List<Entry> out = new ArrayList<>(keys);
        out.add(entry(approver, key, createdAt));
        return new ApproverTrustList(purpose, out);
    }

    private static Entry entry(String approver, PublicKey key, String createdAt) {
        return new Entry(Ed25519Keys.keyId(key), Ed25519Keys.rawPublicHex(key), approver, createdAt, null);
    }

    /** The keys as a plain key ring (without the approver names). */
    public KeyRing ring() {
        return new KeyRing(purpose, keys.stream().map(Entry::key).toList());
    }

    /** The approver bound to a current (not retired) key with this id; empty when the key binds no approver. */
    public Optional<String> approverOf(String keyId) {
        return keys.stream().filter(k -> k.retiredAt() == null && k.keyid().equals(keyId)).findFirst()
                .map(Entry::approver).filter(a -> !a.isBlank());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a trust list: a key ring of purpose {@value AppealToken#TRUST_LIST_PURPOSE} whose every key is a
     * well-formed Ed25519 key matching its id, listed once. A key without {@code approver} is read but trusts no token
     * ({@link AppealToken.Reason#ApproverNotKeyHolder}).
     */
    public static ApproverTrustList parse(String json) {
        ApproverTrustList list;
        try {
            list = JSON.readValue(json, ApproverTrustList.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an approver trust list: " + e.getOriginalMessage());
        }
        if (list == null) {
            throw new IllegalArgumentException("not an approver trust list: empty");
        }
        if (list.purpose() != null && !AppealToken.TRUST_LIST_PURPOSE.equals(list.purpose())) {
            throw new IllegalArgumentException("the trust list is for purpose " + list.purpose() + ", not "
                    + AppealToken.TRUST_LIST_PURPOSE);
        }
        Set<String> ids = new HashSet<>();
        for (Entry k : list.keys()) {
            if (k.keyid() == null || k.ed25519() == null || !k.keyid().equals(Ed25519Keys.keyId(k.key().publicKey()))) {
                throw new IllegalArgumentException("key " + k.keyid() + " of the trust list does not match its key id");
            }
            if (!ids.add(k.keyid())) {
                throw new IllegalArgumentException("key " + k.keyid() + " is listed twice in the trust list; list each key once, "
                        + "bound to one approver");
            }
        }
        return list;
    }
}
