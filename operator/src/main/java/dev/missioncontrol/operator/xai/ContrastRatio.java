package dev.missioncontrol.operator.xai;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * WCAG 2.1 contrast (success criterion 1.4.3, AA): the relative luminance of each sRGB colour
 * (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance) and the ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker,
 * from 1 to 21. Normal text needs at least 4.5:1; the ratio is compared unrounded (WCAG: 4.499:1 fails).
 */
public final class ContrastRatio {

    /** #RRGGBB, the format spec.banners[].textColor and backgroundColor take. */
    public static final String COLOUR = "^#[0-9a-fA-F]{6}$";
    public static final double AA_NORMAL_TEXT = 4.5;
    private static final Pattern COLOUR_PATTERN = Pattern.compile(COLOUR);

    private ContrastRatio() {
    }

    public static double of(String foreground, String background) {
        double a = luminance(foreground);
        double b = luminance(background);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    public static double luminance(String colour) {
        if (colour == null || !COLOUR_PATTERN.matcher(colour).matches()) {
            throw new IllegalArgumentException("not a #RRGGBB colour: " + colour);
        }
        int rgb = Integer.parseInt(colour.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The ratio as printed: two decimals, cut rather than rounded so that a failing 4.497 never reads as 4.50. */
    public static String format(double ratio) {
        return BigDecimal.valueOf(ratio).setScale(2, RoundingMode.DOWN).toPlainString() + ":1";
    }
}
