package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

public class AnalysisSpec {

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.rollout.analysis.interval must be at least 1s")
    @Default("1m")
    @JsonPropertyDescription("How often the gates are measured (default 1m). A step is analysed one interval after it starts.")
    private String interval;

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.rollout.analysis.window must be at least 1s")
    @Default("5m")
    @JsonPropertyDescription("The range the default gate queries use for rate() (default 5m); {{window}} in a custom query.")
    private String window;

    @Min(1)
    @Max(100)
    @Default("3")
    @JsonPropertyDescription("Consecutive failed analyses that fall the cohort back to single-index mode (default 3).")
    private Integer failureLimit;

    @Required
    private PrometheusSpec prometheus;

    @Default("{}")
    @JsonPropertyDescription("The three gates; each has a default threshold from the product targets and a default PromQL.")
    private GatesSpec gates;

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

    public Integer getFailureLimit() {
        return failureLimit;
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

    public void setGates(GatesSpec gates) {
        this.gates = gates;
    }
}
