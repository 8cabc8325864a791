package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Per-tenant quotas written into the ConfigMap the predictive service reads. */
public class QuotaSpec {

    public static final String DEFAULT_REQUESTS_PER_MINUTE = "600";

    @Min(1)
    @Max(1000000)
    @Default(DEFAULT_REQUESTS_PER_MINUTE)
    @JsonPropertyDescription("Requests per minute per tenant (default 600).")
    private Integer requestsPerMinute;

    public static final String DEFAULT_DAILY_BUDGET = "100000";

    @Min(1)
    @Max(1000000000)
    @Default(DEFAULT_DAILY_BUDGET)
    @JsonPropertyDescription("Predictions per tenant per UTC day (default 100000).")
    private Integer dailyBudget;

    @Size(max = 50)
    @ValidationRule(value = "self.all(o, self.exists_one(p, p.tenant == o.tenant))", message = "spec.quotas.overrides: one entry per tenant")
    @JsonPropertyDescription("Per-tenant exceptions to the default quotas.")
    private List<TenantQuota> overrides = new ArrayList<>();

    public Integer getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public int requestsPerMinute() {
        return requestsPerMinute == null ? Integer.parseInt(DEFAULT_REQUESTS_PER_MINUTE) : requestsPerMinute;
    }

    public void setRequestsPerMinute(Integer requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public Integer getDailyBudget() {
        return dailyBudget;
    }

    public int dailyBudget() {
        return dailyBudget == null ? Integer.parseInt(DEFAULT_DAILY_BUDGET) : dailyBudget;
    }

    public void setDailyBudget(Integer dailyBudget) {
        this.dailyBudget = dailyBudget;
    }

    public List<TenantQuota> getOverrides() {
        return overrides;
    }

    public void setOverrides(List<TenantQuota> overrides) {
        this.overrides = overrides;
    }

    public static class TenantQuota {
        @Required
        @Size(min = 1, max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Tenant id (a DNS label) this override applies to.")
        private String tenant;
        @Min(1)
        @Max(1000000)
        @JsonPropertyDescription("Requests per minute for this tenant; unset keeps the default.")
        private Integer requestsPerMinute;
        @Min(1)
        @Max(1000000000)
        @JsonPropertyDescription("Requests per day for this tenant; unset keeps the default.")
        private Integer dailyBudget;

        public TenantQuota() {
        }

        public TenantQuota(String tenant, Integer requestsPerMinute, Integer dailyBudget) {
            this.tenant = tenant;
            this.requestsPerMinute = requestsPerMinute;
            this.dailyBudget = dailyBudget;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public Integer getRequestsPerMinute() {
            return requestsPerMinute;
        }

        public void setRequestsPerMinute(Integer requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
        }

        public Integer getDailyBudget() {
            return dailyBudget;
        }

        public void setDailyBudget(Integer dailyBudget) {
            this.dailyBudget = dailyBudget;
        }
    }
}
