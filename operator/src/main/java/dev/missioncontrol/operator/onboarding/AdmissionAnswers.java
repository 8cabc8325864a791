package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.EvidenceStatement.SimulationRow;
import dev.missioncontrol.core.onboarding.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the API server answered to a dry run (a refusal's message, the Warning headers) into simulation rows naming
 * the check that answered. Pure.
 */
public final class AdmissionAnswers {

    private static final Pattern VAP_DENY = Pattern.compile("ValidatingAdmissionPolicy '([^']+)'");
    private static final Pattern WARNING_HEADER = Pattern.compile("^\\s*\\d{3}\\s+\\S+\\s+\"((?:[^\"\\\\]|\\\\.)*)\".*$");

    private AdmissionAnswers() {
    }

    /** The check that gave a refusal or warning, from its text; {@code fallback} when none is recognised. */
    public static String check(String message, String fallback) {
        Matcher m = VAP_DENY.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        if (message.contains("PodSecurity")) {
            return "PodSecurity";
        }
        if (message.contains("exceeded quota") || message.contains("must specify") && message.contains("quota")) {
            return "ResourceQuota";
        }
        if (message.contains("LimitRange") || message.contains("per Container") || message.contains("per Pod")
                || message.contains("limit to request ratio")) {
            return "LimitRange";
        }
        return fallback;
    }

    /** A refusal (HTTP 4xx): one Deny row. Invalid (422) is the schema's or CEL's answer. */
    public static SimulationRow denial(ObjectRef object, int code, String reason, String message) {
        String fallback = code == 422 || "Invalid".equals(reason) ? "Schema" : reason == null || reason.isBlank() ? "Admission" : reason;
        return new SimulationRow(object, check(message, fallback), OnboardingPlanner.DENY, message, null);
    }

    /** Warning headers ({@code 299 - "text"}): one Warn row each. */
    public static List<SimulationRow> warnings(ObjectRef object, List<String> headers) {
        List<SimulationRow> rows = new ArrayList<>();
        for (String h : headers) {
            Matcher m = WARNING_HEADER.matcher(h);
            String text = m.matches() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : h;
            rows.add(new SimulationRow(object, check(text, "Warning"), OnboardingPlanner.WARN, text, null));
        }
        return rows;
    }

    /** The same message as the target namespace would have given (a sandbox stands in for it during the dry run). */
    public static String inTarget(String message, String sandbox, String target) {
        return sandbox == null ? message : message.replace(sandbox, target);
    }

    /** Refusals that say the sandbox is not settled yet (quota status, default ServiceAccount): worth one more try. */
    public static boolean transientRefusal(String message) {
        return message.contains("status unknown for quota") || message.contains("error looking up service account")
                || message.contains("not found") && message.contains("serviceaccount");
    }
}
