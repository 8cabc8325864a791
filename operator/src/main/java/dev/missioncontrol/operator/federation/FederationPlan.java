package dev.missioncontrol.operator.federation;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import java.util.List;

/** The federation plan the gateway reads: which tenants it serves and which indexes it federates. */
@JsonPropertyOrder({"cohort", "tenants", "indexes"})
public record FederationPlan(String cohort, List<String> tenants, List<Index> indexes) {

    public static final String FILE_NAME = "plan.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonPropertyOrder({"name", "endpoint"})
    public record Index(String name, String endpoint) {
    }

    public static FederationPlan of(FederationCohort cohort) {
        var spec = cohort.getSpec();
        return new FederationPlan(
                cohort.getMetadata().getName(),
                List.copyOf(spec.getTenants()),
                spec.getSearch().getIndexes().stream().map(i -> new Index(i.getName(), i.getEndpoint())).toList());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("federation plan is not serialisable", e);
        }
    }
}
