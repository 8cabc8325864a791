package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

public class GatesSpec {

    @Default("{}")
    @JsonPropertyDescription("p95 end-to-end latency, seconds; passes when at most the threshold (default 1.25).")
    private LatencyGateSpec latency;

    @Default("{}")
    @JsonPropertyDescription("Complaints per federated request; passes when below the threshold (default 0.015).")
    private ComplaintsGateSpec complaints;

    @Default("{}")
    @JsonPropertyDescription("Relative ctr@5 uplift over single-index; passes when at least the threshold (default 0.05).")
    private CtrUpliftGateSpec ctrUplift;

    public LatencyGateSpec getLatency() {
        return latency;
    }

    public void setLatency(LatencyGateSpec latency) {
        this.latency = latency;
    }

    public ComplaintsGateSpec getComplaints() {
        return complaints;
    }

    public void setComplaints(ComplaintsGateSpec complaints) {
        this.complaints = complaints;
    }

    public CtrUpliftGateSpec getCtrUplift() {
        return ctrUplift;
    }

    public void setCtrUplift(CtrUpliftGateSpec ctrUplift) {
        this.ctrUplift = ctrUplift;
    }
}
