package dev.missioncontrol.core.audit;

/** Where audit packets and keys live in a namespace: shared by the operator (writer) and mcctl (reader). */
public final class AuditPackets {

    /** Label on every ConfigMap that holds a packet. */
    public static final String PACKET_LABEL = "missioncontrol.dev/audit-packet";
    /** Data key of the DSSE envelope in that ConfigMap. */
    public static final String PACKET_KEY = "envelope.json";
    /** Secret holding the namespace's Ed25519 signing key. */
    public static final String SIGNING_KEY_SECRET = "mission-control-audit-signing-key";
    /** ConfigMap publishing the public key: ed25519.pub.pem, ed25519.pub.hex, keyid. */
    public static final String PUBLIC_KEY_CONFIGMAP = "mission-control-audit-public-key";

    private AuditPackets() {
    }
}
