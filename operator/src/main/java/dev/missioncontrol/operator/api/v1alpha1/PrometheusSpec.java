package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class PrometheusSpec {

    @Required
    @Size(min = 1, max = 2048)
    @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",
            message = "prometheus.address must be an absolute http or https URL, for example http://prometheus.monitoring.svc:9090")
    @JsonPropertyDescription("Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring.svc:9090.")
    private String address;

    public PrometheusSpec() {
    }

    public PrometheusSpec(String address) {
        this.address = address;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }
}
