package dev.missioncontrol.operator.federation.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotations a person uses to steer a rollout. They are levels, not one-shot commands, so the
 * operator never has to remove them and GitOps tools see no drift.
 */
public record ManualControls(boolean pause, boolean promote, boolean abort, String retry) {

    public static final String PAUSE = "missioncontrol.dev/pause";
    public static final String PROMOTE = "missioncontrol.dev/promote";
    public static final String ABORT = "missioncontrol.dev/abort";
    public static final String RETRY = "missioncontrol.dev/retry";

    public static final ManualControls NONE = new ManualControls(false, false, false, null);

    public static ManualControls of(HasMetadata resource) {
        Map<String, String> a = Optional.ofNullable(resource.getMetadata().getAnnotations()).orElse(Map.of());
        return new ManualControls(isTrue(a.get(PAUSE)), isTrue(a.get(PROMOTE)), isTrue(a.get(ABORT)),
                Optional.ofNullable(a.get(RETRY)).filter(v -> !v.isBlank()).orElse(null));
    }

    /**
     * The steering annotations whose value the operator does not understand (pause, promote and abort take "true" or
     * "false"): each is ignored, and named so a person does not believe the rollout is paused when it is not.
     */
    public static List<String> notUnderstood(HasMetadata resource) {
        Map<String, String> a = Optional.ofNullable(resource.getMetadata().getAnnotations()).orElse(Map.of());
        List<String> problems = new ArrayList<>();
        for (String key : List.of(PAUSE, PROMOTE, ABORT)) {
            String value = a.get(key);
            if (value != null && !value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
                problems.add(key + "=" + (value.length() > 40 ? value.substring(0, 40) + "…" : value));
            }
        }
        return problems;
    }

    /**
     * A retry value not handled yet while abort is still set: it waits, unconsumed, and acts once abort is removed
     * (setting retry and then removing abort, in either order, restarts the rollout).
     */
    public boolean retryWaitsForAbortRemoval(String handledRetry) {
        return abort && retry != null && !retry.equals(handledRetry);
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}
