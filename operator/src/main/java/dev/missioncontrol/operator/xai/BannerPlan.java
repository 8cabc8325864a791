package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportSpec;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportStatus.BannerState;
import dev.missioncontrol.operator.flags.FlagdDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which banners are served: every banner is checked (BannerCheck); each tenant gets the flag {@code xai-banner-<tenant>}
 * whose value is its own banner, or the default banner when it has none, only when that banner passed every check. A
 * tenant whose banner failed gets no flag (never the default instead: a different caveat is not a fix). Pure.
 */
public record BannerPlan(List<BannerCheck.Result> results, Map<String, ExplanationExportSpec.Banner> served) {

    public static final String FLAG_PREFIX = "xai-banner-";
    public static final String VARIANT = "banner";
    public static final String DEFAULT_NAME = "default";

    public static String flagKey(String tenant) {
        return FLAG_PREFIX + tenant;
    }

    public static BannerPlan of(ExplanationExport x) {
        var spec = x.getSpec();
        var checks = spec.bannerChecks();
        List<BannerCheck.Result> results = new ArrayList<>();
        Map<String, BannerCheck.Result> byName = new LinkedHashMap<>();
        Map<String, ExplanationExportSpec.Banner> byTenant = new LinkedHashMap<>();
        for (var b : spec.getBanners() == null ? List.<ExplanationExportSpec.Banner>of() : spec.getBanners()) {
            String name = b.getTenant() == null ? DEFAULT_NAME : b.getTenant();
            var link = b.getLink();
            var r = BannerCheck.check(new BannerCheck.Banner(name, b.getText(), b.getTextColor(), b.getBackgroundColor(),
                    link == null ? null : link.getUrl(), link == null ? null : link.getText()), checks.maxLength(), checks.disclaimer());
            results.add(r);
            byName.put(name, r);
            byTenant.put(name, b);
        }
        Map<String, ExplanationExportSpec.Banner> served = new LinkedHashMap<>();
        for (String tenant : spec.getTenants()) {
            String name = byTenant.containsKey(tenant) ? tenant : DEFAULT_NAME;
            Optional.ofNullable(byName.get(name)).filter(BannerCheck.Result::passed).ifPresent(r -> served.put(tenant, byTenant.get(name)));
        }
        return new BannerPlan(List.copyOf(results), served);
    }

    public List<BannerCheck.Result> failed() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    public FlagdDocument document() {
        FlagdDocument doc = FlagdDocument.create();
        served.forEach((tenant, b) -> {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("text", b.getText());
            value.put("severity", b.severity());
            value.put("textColor", b.getTextColor());
            value.put("backgroundColor", b.getBackgroundColor());
            if (b.getLink() != null) {
                value.put("link", Map.of("url", b.getLink().getUrl(), "text", b.getLink().getText()));
            }
            doc.objectFlag(flagKey(tenant), VARIANT, value);
        });
        return doc;
    }

    public List<BannerState> states() {
        return results.stream().map(r -> new BannerState(r.banner().name(), r.passed(), Math.floor(r.contrastRatio() * 100) / 100.0,
                r.failures().stream().map(BannerCheck.Failure::check).toList())).toList();
    }
}
