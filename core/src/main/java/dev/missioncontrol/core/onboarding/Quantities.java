package dev.missioncontrol.core.onboarding;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes quantities as exact integers: CPU in millicores, memory and storage in bytes. Parsing uses BigDecimal
 * and refuses a value that is not a whole number of the unit (a fraction of a millicore or of a byte), so no split
 * ever rounds up. The exponent form ({@code 1e3}) is not accepted; write {@code 1k}.
 */
public final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$");
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    public static final long MI = 1L << 20;

    private Quantities() {
    }

    /** CPU in millicores ({@code "2"} is 2000, {@code "250m"} is 250); IllegalArgumentException with what to write. */
    public static long millis(String quantity) {
        return exact(quantity, 1000, "a whole number of millicores, such as 2, 1.5 or 250m");
    }

    /** Memory or storage in bytes ({@code "1Gi"}, {@code "512Mi"}, {@code "1G"}). */
    public static long bytes(String quantity) {
        return exact(quantity, 1, "a whole number of bytes, such as 8Gi, 512Mi or 1G");
    }

    /** Millicores as a quantity: whole cores when exact ({@code "2"}), else milli ({@code "1500m"}). */
    public static String formatMillis(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** Bytes as a quantity with the largest binary suffix that divides exactly ({@code "3Gi"}, {@code "1536Mi"}). */
    public static String formatBytes(long bytes) {
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < suffixes.length; i++) {
            long unit = 1L << (10 * (6 - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }

    private static long exact(String quantity, long scale, String expected) {
        if (quantity == null) {
            throw new IllegalArgumentException("missing; write " + expected);
        }
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a Kubernetes quantity; write " + expected);
        }
        BigDecimal v = new BigDecimal(m.group(1)).multiply(SUFFIX.get(m.group(2) == null ? "" : m.group(2)))
                .multiply(BigDecimal.valueOf(scale));
        try {
            return v.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + quantity + "' is not " + expected);
        }
    }
}
