package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.rollout) || !has(self.rollout.steps) || self.rollout.steps.all(s, s.tenants <= size(self.tenants))",
        message = "spec.rollout.steps[].tenants must be at most the number of spec.tenants: a step cannot enable more tenants than the cohort has",
        fieldPath = ".rollout.steps")
@JsonClassDescription("What the cohort should become: its tenants and the indexes they federate, the gateway, the rollout steps and their gates, the Prometheus that measures them, and the license policy for sources.")
public class FederationCohortSpec {

    /** A DNS label: tenant ids become label values and object-name parts. */
    public static final String TENANT_ID_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Required
    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u == t))",
            message = "spec.tenants: tenant ids must be unique")
    @ValidationRule(value = "self.filter(t, t in oldSelf) == oldSelf.filter(t, t in self)",
            message = "spec.tenants: tenants already listed keep their order (rollout steps enable tenants in this order); add new tenants at the end")
    @JsonPropertyDescription("Tenant ids in this cohort (1 to 50, unique, DNS-label shaped). Rollout steps enable them in this "
            + "order, so tenants already listed keep their order; new tenants are added at the end.")
    private List<@Size(min = 1, max = 63) @Pattern(TENANT_ID_PATTERN) String> tenants = new ArrayList<>();

    @Required
    @JsonPropertyDescription("The federated search gateway that serves this cohort.")
    private SearchSpec search;

    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of another FederationCohort in this namespace that must be Promoted before this one starts.")
    private String after;

    @JsonPropertyDescription("Staged enablement behind Prometheus gates. Without it every tenant is enabled at once.")
    private RolloutSpec rollout;

    public String getAfter() {
        return after;
    }

    public void setAfter(String after) {
        this.after = after;
    }

    public RolloutSpec getRollout() {
        return rollout;
    }

    public void setRollout(RolloutSpec rollout) {
        this.rollout = rollout;
    }

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public SearchSpec getSearch() {
        return search;
    }

    public void setSearch(SearchSpec search) {
        this.search = search;
    }
}
