package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

@JsonClassDescription("Container defaults of the LimitRange in every namespace, as quantities by resource name.")
public class OnboardingLimitRange {

    @JsonPropertyDescription("Default limits by resource (cpu, memory).")
    private Map<String, String> defaultLimits = new TreeMap<>();

    @JsonPropertyDescription("Default requests by resource (cpu, memory).")
    private Map<String, String> defaultRequests = new TreeMap<>();

    public Map<String, String> getDefaultLimits() {
        return defaultLimits;
    }

    public void setDefaultLimits(Map<String, String> defaultLimits) {
        this.defaultLimits = defaultLimits;
    }

    public Map<String, String> getDefaultRequests() {
        return defaultRequests;
    }

    public void setDefaultRequests(Map<String, String> defaultRequests) {
        this.defaultRequests = defaultRequests;
    }
}
