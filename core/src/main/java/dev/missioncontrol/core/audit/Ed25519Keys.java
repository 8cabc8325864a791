package dev.missioncontrol.core.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Ed25519 keys in the forms they travel in: PKCS#8 / SPKI PEM, and the raw 32-byte public key in hex. */
public final class Ed25519Keys {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rawPublicHex(PublicKey key) {
        byte[] der = key.getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    /** The key id the operator publishes and signs with: SHA-256 of the raw public key, hex. */
    public static String keyId(PublicKey key) {
        return CanonicalJson.sha256Hex(HexFormat.of().parseHex(rawPublicHex(key)));
    }

    public static PublicKey publicFromRawHex(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex.trim());
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + raw.length);
        }
        byte[] der = new byte[SPKI_PREFIX.length + 32];
        System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        return publicFromDer(der);
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey publicFromPem(String pem) {
        return publicFromDer(der(pem, "PUBLIC KEY"));
    }

    public static PrivateKey privateFromPem(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key", e);
        }
    }

    /** Reads a public key given as SPKI PEM or as raw hex. */
    public static PublicKey parsePublic(String text) {
        String t = text.trim();
        return t.startsWith("-----BEGIN") ? publicFromPem(t) : publicFromRawHex(t);
    }

    private static PublicKey publicFromDer(byte[] der) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) {
        String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
