package dev.missioncontrol.core.license;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Normalises a license text the way the SPDX License List Matching Guidelines
 * (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/) describe, so that a pin survives
 * cosmetic edits (re-wrapped lines, curly quotes, a new copyright year) and catches changes in the words. Pure.
 *
 * <p>Rules applied, in this order:
 * <ol>
 * <li>Copyright notices (guideline 2.1.10, "Copyright notice"): every line whose first non-blank characters are
 * {@code copyright}, {@code (c)} or {@code ©} (any case) is dropped.</li>
 * <li>Case (2.1.3): the text is lower-cased (root locale).</li>
 * <li>Quotes (2.1.5, punctuation): every quotation mark variant (' " ‘ ’ ‚ ‛ “ ” „ ‟ « » ‹ › ` ´) becomes {@code '}.</li>
 * <li>Dashes and hyphens (2.1.5): hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus
 * sign and small/full-width hyphens become {@code -}.</li>
 * <li>Whitespace (2.1.4): every run of whitespace (spaces, tabs, line breaks, no-break spaces) becomes one space; leading
 * and trailing whitespace is removed.</li>
 * </ol>
 *
 * <p>Rules not applied (a change of these changes the normalised hash): bullets and numbering of list items (2.1.7),
 * equivalent word spellings (2.1.9, e.g. "licence"/"license"), the copyright symbol inside a sentence (2.1.8: only
 * whole copyright lines are dropped), template markup and replaceable or omittable text (2.1.2), and the
 * http/https equivalence of URLs (2.1.11).
 */
public final class LicenseTextNormalization {

    private static final Pattern COPYRIGHT_LINE = Pattern.compile("^\\s*(copyright|\\(c\\)|©).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTES = Pattern.compile("[\"'‘’‚‛“”„‟«»‹›`´]");
    private static final Pattern DASHES = Pattern.compile("[\\-‐‑‒–—―−﹘﹣－]");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\u2000-\\u200A\\u3000\\uFEFF]+");

    private LicenseTextNormalization() {
    }

    /**
     * The hashes of one license text.
     *
     * @param normalizedSha256 sha256 (lower-case hex) of the normalised text as UTF-8: what pins compare
     * @param rawSha256 sha256 (lower-case hex) of the bytes as read
     */
    public record Hashes(String normalizedSha256, String rawSha256) {
    }

    /** The normalised text (see the class description for the rules). */
    public static String normalize(String text) {
        String withoutCopyright = text.lines().filter(l -> !COPYRIGHT_LINE.matcher(l).matches())
                .collect(Collectors.joining("\n"));
        String s = withoutCopyright.toLowerCase(Locale.ROOT);
        s = QUOTES.matcher(s).replaceAll("'");
        s = DASHES.matcher(s).replaceAll("-");
        s = WHITESPACE.matcher(s).replaceAll(" ");
        return s.strip();
    }

    /** Both hashes of a text given as bytes (read as UTF-8). */
    public static Hashes hashes(byte[] raw) {
        String normalized = normalize(new String(raw, StandardCharsets.UTF_8));
        return new Hashes(sha256(normalized.getBytes(StandardCharsets.UTF_8)), sha256(raw));
    }

    /** Both hashes of a text. */
    public static Hashes hashes(String text) {
        return hashes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
