package dev.missioncontrol.core.audit;

import java.nio.charset.StandardCharsets;

/**
 * The purpose a signing key serves: a kind's prefix and the first 20 hex digits of sha256("namespace/name") of the
 * resource it signs for. The operator names a key's Secret and ring after it; mcctl derives it to find the ring. One
 * formula for both.
 */
public final class SigningPurpose {

    private SigningPurpose() {
    }

    public static String of(String prefix, String namespace, String name) {
        return prefix + "-" + CanonicalJson.sha256Hex((namespace + "/" + name).getBytes(StandardCharsets.UTF_8)).substring(0, 20);
    }
}
