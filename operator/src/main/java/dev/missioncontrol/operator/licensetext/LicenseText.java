package dev.missioncontrol.operator.licensetext;

import java.util.Optional;

/**
 * A license text as read from its ConfigMap or Secret; empty when it could not be found, with the reason and what to fix.
 */
public record LicenseText(Optional<byte[]> bytes, String reason, String whereMessage) {

    public static final String MISSING = "LicenseTextMissing";
    public static final String KEY_MISSING = "LicenseTextKeyMissing";

    public LicenseText(Optional<byte[]> bytes, String whereMessage) {
        this(bytes, MISSING, whereMessage);
    }

    /** The ConfigMap or Secret exists but has no such key: name the keys it has, never their values. */
    public static LicenseText keyMissing(String kind, String name, String key, java.util.Collection<String> keys) {
        return keyMissing(kind, name, key, keys, "spec.license.textRef");
    }

    /** As above, naming the field that holds the reference ({@code textRefField}.key is what to set). */
    public static LicenseText keyMissing(String kind, String name, String key, java.util.Collection<String> keys, String textRefField) {
        String has = keys.isEmpty() ? "it has no keys" : "it has " + String.join(", ", new java.util.TreeSet<>(keys));
        return new LicenseText(Optional.empty(), KEY_MISSING, kind + " " + name + " has no key " + key + " (" + has
                + "): set " + textRefField + ".key to the key that holds the license text, or add the text under " + key + ".");
    }
}
