package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonClassDescription("A budget: pods, CPU, memory and storage as Kubernetes quantities, and metering units per month.")
public class OnboardingBudget {

    public static final String DEFAULT_CPU = "0";
    public static final String DEFAULT_MEMORY = "0";
    public static final String DEFAULT_STORAGE = "0";

    @Min(0)
    @JsonPropertyDescription("Pods (a ResourceQuota's pods).")
    private long pods;

    @Pattern("^([0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$")
    @Default(DEFAULT_CPU)
    @JsonPropertyDescription("CPU as a quantity such as 4 or 500m (requests.cpu and limits.cpu).")
    private String cpu = DEFAULT_CPU;

    @Pattern("^([0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$")
    @Default(DEFAULT_MEMORY)
    @JsonPropertyDescription("Memory as a quantity such as 8Gi (requests.memory and limits.memory).")
    private String memory = DEFAULT_MEMORY;

    @Pattern("^([0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$")
    @Default(DEFAULT_STORAGE)
    @JsonPropertyDescription("Storage as a quantity such as 100Gi (requests.storage).")
    private String storage = DEFAULT_STORAGE;

    @Min(0)
    @JsonPropertyDescription("Metering units per month (the metering entry; not a quota resource).")
    private long meteringUnitsPerMonth;

    public long getPods() {
        return pods;
    }

    public void setPods(long pods) {
        this.pods = pods;
    }

    public String getCpu() {
        return cpu;
    }

    public void setCpu(String cpu) {
        this.cpu = cpu;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getStorage() {
        return storage;
    }

    public void setStorage(String storage) {
        this.storage = storage;
    }

    public long getMeteringUnitsPerMonth() {
        return meteringUnitsPerMonth;
    }

    public void setMeteringUnitsPerMonth(long meteringUnitsPerMonth) {
        this.meteringUnitsPerMonth = meteringUnitsPerMonth;
    }
}
