package dev.missioncontrol.mcctl;

import dev.missioncontrol.core.audit.Dsse;
import java.util.List;

/** What `mcctl audit export` writes: every audit packet of a namespace, with the published public keys. */
public record AuditBundle(String apiVersion, String namespace, String exportedAt, List<PublicKeyRef> publicKeys,
        List<Packet> packets) {

    public static final String API_VERSION = "missioncontrol.dev/audit-bundle/v1";

    public record PublicKeyRef(String keyid, String ed25519, String pem) {
    }

    public record Packet(String request, String uid, Dsse.Envelope envelope) {
    }
}
