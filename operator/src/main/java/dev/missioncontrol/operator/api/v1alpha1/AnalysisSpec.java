package dev.missioncontrol.operator.api.v1alpha1;

import dev.missioncontrol.core.time.Durations;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

public class AnalysisSpec {

    public static final String DEFAULT_INTERVAL = "1m";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.rollout.analysis.interval must be at least 1s")
    @Default(DEFAULT_INTERVAL)
    @JsonPropertyDescription("How often the gates are measured (default 1m). A step is analysed one interval after it starts.")
    private String interval;

    public static final String DEFAULT_WINDOW = "5m";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.rollout.analysis.window must be at least 1s")
    @Default(DEFAULT_WINDOW)
    @JsonPropertyDescription("The range the default gate queries use for rate() (default 5m); {{window}} in a custom query.")
    private String window;

    public static final String DEFAULT_FAILURE_LIMIT = "3";

    @Min(1)
    @Max(100)
    @Default(DEFAULT_FAILURE_LIMIT)
    @JsonPropertyDescription("Consecutive failed analyses that fall the cohort back to single-index mode (default 3).")
    private Integer failureLimit;

    @Required
    @JsonPropertyDescription("The Prometheus the gate queries run against.")
    private PrometheusSpec prometheus;

    @Default("{}")
    @JsonPropertyDescription("The three gates; each has a default threshold from the product targets and a default PromQL.")
    private GatesSpec gates;

    public String getInterval() {
        return interval;
    }

    /** spec.rollout.analysis.interval, or its CRD default. */
    public Duration interval() {
        return Durations.parse(interval == null ? DEFAULT_INTERVAL : interval);
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getWindow() {
        return window;
    }

    /** The rate() range as written (a Go duration PromQL accepts), or its CRD default. */
    public String window() {
        return window == null ? DEFAULT_WINDOW : window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public Integer getFailureLimit() {
        return failureLimit;
    }

    public int failureLimit() {
        return failureLimit == null ? Integer.parseInt(DEFAULT_FAILURE_LIMIT) : failureLimit;
    }

    public void setFailureLimit(Integer failureLimit) {
        this.failureLimit = failureLimit;
    }

    public PrometheusSpec getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusSpec prometheus) {
        this.prometheus = prometheus;
    }

    public GatesSpec getGates() {
        return gates;
    }

    public GatesSpec gates() {
        return gates == null ? new GatesSpec() : gates;
    }

    public void setGates(GatesSpec gates) {
        this.gates = gates;
    }
}
