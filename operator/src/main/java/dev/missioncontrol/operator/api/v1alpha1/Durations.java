package dev.missioncontrol.operator.api.v1alpha1;

import dev.missioncontrol.audit.GoDurations;
import java.time.Duration;

/** Go-style durations as Kubernetes users write them: 500ms, 30s, 5m, 1h30m (the CRDs' pattern). */
public final class Durations {

    public static final String PATTERN = GoDurations.PATTERN;

    private Durations() {
    }

    public static Duration parse(String text) {
        return GoDurations.parse(text);
    }
}
