package dev.missioncontrol.operator.xai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a caveat banner passes before the operator serves it (docs/explanationexport.md#caveat-banners): WCAG 2.1
 * AA contrast between its text and background colours (at least 4.5:1), at most the maximum length, the required
 * disclaimer phrase (case-insensitive), and link text that is not empty when it has a link. Pure.
 */
public final class BannerCheck {

    /** One banner as the checks see it. */
    public record Banner(String name, String text, String textColor, String backgroundColor, String linkUrl, String linkText) {
    }

    /** A failed check: which one, and what was measured. */
    public record Failure(String check, String message) {
    }

    /** The banner's verdict: the measured contrast and what failed (nothing: it may be served). */
    public record Result(Banner banner, double contrastRatio, List<Failure> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    public static final String CONTRAST = "Contrast";
    public static final String LENGTH = "Length";
    public static final String DISCLAIMER = "Disclaimer";
    public static final String LINK_TEXT = "LinkText";

    private BannerCheck() {
    }

    public static Result check(Banner banner, int maxLength, String disclaimer) {
        List<Failure> failures = new ArrayList<>();
        double ratio = ContrastRatio.of(banner.textColor(), banner.backgroundColor());
        if (ratio < ContrastRatio.AA_NORMAL_TEXT) {
            failures.add(new Failure(CONTRAST, String.format(Locale.ROOT,
                    "banner %s: contrast %s between text %s and background %s is below the 4.5:1 WCAG 2.1 AA needs for normal text",
                    banner.name(), ContrastRatio.format(ratio), banner.textColor(), banner.backgroundColor())));
        }
        int length = banner.text() == null ? 0 : banner.text().codePointCount(0, banner.text().length());
        if (length > maxLength) {
            failures.add(new Failure(LENGTH, "banner " + banner.name() + ": text is " + length + " characters, more than spec.banners.maxLength "
                    + maxLength));
        }
        if (disclaimer != null && !disclaimer.isBlank()
                && (banner.text() == null || !banner.text().toLowerCase(Locale.ROOT).contains(disclaimer.toLowerCase(Locale.ROOT)))) {
            failures.add(new Failure(DISCLAIMER, "banner " + banner.name() + ": text lacks the required disclaimer \"" + disclaimer + "\""));
        }
        if (banner.linkUrl() != null && (banner.linkText() == null || banner.linkText().isBlank())) {
            failures.add(new Failure(LINK_TEXT, "banner " + banner.name() + ": the link to " + banner.linkUrl() + " has empty link text"));
        }
        return new Result(banner, ratio, List.copyOf(failures));
    }
}
