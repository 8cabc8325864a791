package dev.missioncontrol.core.audit;

import java.nio.charset.StandardCharsets;

/** Where audit packets live: shared by the operator (writer) and mcctl (reader). */
public final class AuditPackets {

    /** Label on every ConfigMap that holds a packet. */
    public static final String PACKET_LABEL = "missioncontrol.dev/audit-packet";
    /** Label on an archived packet (operator namespace): the namespace of the request it records. */
    public static final String NAMESPACE_LABEL = "missioncontrol.dev/audit-namespace";
    /** Annotations on an archived packet: the request's name and uid (a name may be longer than a label value). */
    public static final String NAME_ANNOTATION = "missioncontrol.dev/audit-request";
    public static final String UID_ANNOTATION = "missioncontrol.dev/audit-request-uid";
    /** Data key of the DSSE envelope in that ConfigMap. */
    public static final String PACKET_KEY = "envelope.json";

    private AuditPackets() {
    }

    /** The published copy of a request's packet in its own namespace (owned by the request). */
    public static String copyName(String request) {
        return request + "-audit";
    }

    /**
     * The archived packet of a request, in the operator's namespace: keyed by namespace and name (not uid), so a
     * request deleted and created again continues the same trail. A namespace has no dot, so the name is unambiguous.
     */
    public static String archiveName(String namespace, String request) {
        String plain = "audit." + namespace + "." + request;
        return plain.length() <= 253 ? plain
                : "audit." + namespace + "." + CanonicalJson.sha256Hex(request.getBytes(StandardCharsets.UTF_8));
    }
}
