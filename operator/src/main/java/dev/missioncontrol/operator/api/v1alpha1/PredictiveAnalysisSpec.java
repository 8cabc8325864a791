package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

public class PredictiveAnalysisSpec {

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.analysis.interval must be at least 1s")
    @Default("1m")
    @JsonPropertyDescription("How often every enabled tenant's gates are measured (default 1m).")
    private String interval;

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.analysis.window must be at least 1s")
    @Default("5m")
    @JsonPropertyDescription("The rate() range of the default queries (default 5m).")
    private String window;

    @Pattern(Durations.PATTERN)
    @Default("5m")
    @JsonPropertyDescription("How long a tenant's breach may last before that tenant is rolled back (default 5m); a breach pauses the wave at once.")
    private String breachLimit;

    @Required
    private PrometheusSpec prometheus;

    @Default("{}")
    private PredictiveGatesSpec gates;

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getWindow() {
        return window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public String getBreachLimit() {
        return breachLimit;
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

    public void setGates(PredictiveGatesSpec gates) {
        this.gates = gates;
    }
}
