package dev.missioncontrol.operator.api.v1alpha1;

import dev.missioncontrol.core.time.Durations;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

public class PredictiveAnalysisSpec {

    public static final String DEFAULT_INTERVAL = "1m";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.analysis.interval must be at least 1s")
    @Default(DEFAULT_INTERVAL)
    @JsonPropertyDescription("How often every enabled tenant's gates are measured (default 1m).")
    private String interval;

    public static final String DEFAULT_WINDOW = "5m";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.analysis.window must be at least 1s")
    @Default(DEFAULT_WINDOW)
    @JsonPropertyDescription("The rate() range of the default queries (default 5m).")
    private String window;

    public static final String DEFAULT_BREACH_LIMIT = "5m";

    @Pattern(Durations.PATTERN)
    @Default(DEFAULT_BREACH_LIMIT)
    @JsonPropertyDescription("How long a tenant's breach may last before that tenant is rolled back (default 5m); a breach pauses the wave at once.")
    private String breachLimit;

    @Required
    @JsonPropertyDescription("The Prometheus the gate queries run against.")
    private PrometheusSpec prometheus;

    @Default("{}")
    @JsonPropertyDescription("The three per-tenant gates; each has a default threshold and a default PromQL.")
    private PredictiveGatesSpec gates;

    public String getInterval() {
        return interval;
    }

    public Duration interval() {
        return Durations.parse(interval == null ? DEFAULT_INTERVAL : interval);
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getWindow() {
        return window;
    }

    public String window() {
        return window == null ? DEFAULT_WINDOW : window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public String getBreachLimit() {
        return breachLimit;
    }

    public Duration breachLimit() {
        return Durations.parse(breachLimitText());
    }

    /** The breach limit as the user wrote it (or its default), for messages. */
    public String breachLimitText() {
        return breachLimit == null ? DEFAULT_BREACH_LIMIT : breachLimit;
    }

    public void setBreachLimit(String breachLimit) {
        this.breachLimit = breachLimit;
    }

    public PrometheusSpec getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusSpec prometheus) {
        this.prometheus = prometheus;
    }

    public PredictiveGatesSpec getGates() {
        return gates;
    }

    public PredictiveGatesSpec gates() {
        return gates == null ? new PredictiveGatesSpec() : gates;
    }

    public void setGates(PredictiveGatesSpec gates) {
        this.gates = gates;
    }
}
