package dev.missioncontrol.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/** Dead Simple Signing Envelope (DSSE v1) with Ed25519 signatures over the pre-authentication encoding. */
public final class Dsse {

    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sig(String keyid, String sig) {
    }

    public record Envelope(String payloadType, String payload, List<Sig> signatures) {

        public byte[] payloadBytes() {
            return Base64.getDecoder().decode(payload);
        }
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes, ASCII decimal. */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    public static Envelope sign(String payloadType, byte[] body, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(pae(payloadType, body));
            return new Envelope(payloadType, Base64.getEncoder().encodeToString(body),
                    List.of(new Sig(keyId, Base64.getEncoder().encodeToString(s.sign()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** True when at least one signature verifies with the key. */
    public static boolean verify(Envelope envelope, PublicKey key) {
        byte[] body;
        if (envelope.payloadType() == null || envelope.payload() == null) {
            return false;
        }
        try {
            body = envelope.payloadBytes();
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] pae = pae(envelope.payloadType(), body);
        for (Sig sig : envelope.signatures() == null ? List.<Sig>of() : envelope.signatures()) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(pae);
                if (s.verify(Base64.getDecoder().decode(sig.sig()))) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a malformed signature simply does not verify
            }
        }
        return false;
    }
}
