package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.AppealToken;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Operator configuration of onboarding: the longest appeal-token window it accepts
 * ({@code missioncontrol.onboarding.appeal-max-window}, at most and by default 72h), and where the approvers' trust list is.
 */
public final class OnboardingConfig {

    public static final String MAX_WINDOW_PROPERTY = "missioncontrol.onboarding.appeal-max-window";
    /** The approvers' trust list: a ConfigMap in the operator's namespace that the platform team writes, never the operator. */
    public static final String APPROVERS_CONFIGMAP = dev.missioncontrol.core.onboarding.ApproverTrustList.CONFIGMAP;
    public static final String APPROVERS_KEY = dev.missioncontrol.core.onboarding.ApproverTrustList.DATA_KEY;

    private OnboardingConfig() {
    }

    /**
     * The namespaces the operator watches when it is limited to some (the chart's {@code watchNamespaces}); empty when it
     * watches every namespace. Onboarding creates namespaces and the objects in them, so it works only in the latter mode.
     */
    public static java.util.Set<String> watchedNamespaces() {
        String value = ConfigProvider.getConfig().getOptionalValue("quarkus.operator-sdk.namespaces", String.class).orElse("");
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String ns : value.split(",")) {
            if (!ns.isBlank() && !ns.trim().equals("JOSDK_ALL_NAMESPACES") && !ns.trim().equals("JOSDK_WATCH_CURRENT")) {
                out.add(ns.trim());
            }
        }
        return out;
    }

    public static Duration maxWindow() {
        Duration d = ConfigProvider.getConfig().getOptionalValue(MAX_WINDOW_PROPERTY, Duration.class).orElse(AppealToken.MAX_WINDOW);
        return d.isNegative() || d.isZero() || d.compareTo(AppealToken.MAX_WINDOW) > 0 ? AppealToken.MAX_WINDOW : d;
    }
}
