package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("The source card as its owner describes it: provider, license (with the license text to read) and DPIA.")
public class MarketplaceSourceSpec {

    @Required
    @Size(min = 1, max = 128)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("Who provides the data.")
    private String provider;

    @Size(max = 2048)
    @ValidationRule(value = SchemaRules.NOT_BLANK, message = SchemaRules.NOT_BLANK_MESSAGE)
    @JsonPropertyDescription("What the source offers, as shown on its marketplace card.")
    private String description;

    @Size(max = 20)
    @ValidationRule(value = "self.all(c, self.exists_one(d, d == c))", message = "spec.dataCategories must be unique")
    @JsonPropertyDescription("Kinds of data the source holds (unique), e.g. weather, personal-data.")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> dataCategories = new ArrayList<>();

    @Required
    @Size(min = 1, max = 2048)
    @ValidationRule(value = "isURL(self) && url(self).getScheme() == 'https' && url(self).getHostname() != ''",
            message = "spec.endpoint must be an absolute https URL, for example https://api.provider.example/search")
    @JsonPropertyDescription("URL of the source's search API; written to a tenant's connection ConfigMap once Connected.")
    private String endpoint;

    @Required
    @JsonPropertyDescription("The source's license: SPDX id, pinned text and its SHA-256.")
    private SourceLicenseSpec license;

    @Required
    @JsonPropertyDescription("The data-protection impact assessment; the DPIAApproved badge holds only between approvedAt and expiresAt.")
    private DpiaSpec dpia;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getDataCategories() {
        return dataCategories;
    }

    public void setDataCategories(List<String> dataCategories) {
        this.dataCategories = dataCategories;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public SourceLicenseSpec getLicense() {
        return license;
    }

    public void setLicense(SourceLicenseSpec license) {
        this.license = license;
    }

    public DpiaSpec getDpia() {
        return dpia;
    }

    public void setDpia(DpiaSpec dpia) {
        this.dpia = dpia;
    }
}
