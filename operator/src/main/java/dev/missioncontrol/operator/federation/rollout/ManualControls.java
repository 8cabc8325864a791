package dev.missioncontrol.operator.federation.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
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

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}
