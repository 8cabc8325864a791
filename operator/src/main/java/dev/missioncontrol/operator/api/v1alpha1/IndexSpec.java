package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class IndexSpec {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Index name, DNS-label shaped.")
    private String name;

    @Required
    @Size(min = 1, max = 2048)
    @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",
            message = "spec.search.indexes[].endpoint must be an absolute http or https URL, for example https://search-eu.example.com")
    @JsonPropertyDescription("Absolute http(s) URL of the index's search endpoint.")
    private String endpoint;

    @JsonPropertyDescription("The source's license; its clauses decide whether it is blended, demoted or blocked.")
    private LicenseSpec license;

    public IndexSpec() {
    }

    public IndexSpec(String name, String endpoint) {
        this.name = name;
        this.endpoint = endpoint;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public LicenseSpec getLicense() {
        return license;
    }

    public void setLicense(LicenseSpec license) {
        this.license = license;
    }
}
