package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

public class SourceLicenseSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[A-Za-z0-9.+-]+$")
    @JsonPropertyDescription("SPDX license identifier, e.g. CC-BY-4.0 or LicenseRef-provider-terms.")
    private String spdx;

    @Size(max = 20)
    @ValidationRule(value = "self.all(c, self.exists_one(d, d == c))", message = "spec.license.clauses must be unique")
    @JsonPropertyDescription("The clauses a tenant accepts when connecting (unique); shown in every audit entry.")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> clauses = new ArrayList<>();

    @Required
    @Pattern("^[a-f0-9]{64}$")
    @JsonPropertyDescription("SHA-256 (lowercase hex) of the license text held in textRef.")
    private String textSha256;

    @Size(min = 1, max = 32)
    @Pattern(LicensePin.LIST_VERSION_PATTERN)
    @JsonPropertyDescription("SPDX license list version of the text, e.g. 3.22. When a LicenseRegistry in this namespace pins {spdx, listVersion}, "
            + "the normalised text must also match that pin (LicenseVerified=False with reason LicenseDrift otherwise).")
    private String listVersion;

    @Required
    @JsonPropertyDescription("Where the license text lives: a ConfigMap or Secret in this namespace labelled missioncontrol.dev/license-text=true.")
    private LicenseTextRef textRef;

    public String getSpdx() {
        return spdx;
    }

    public void setSpdx(String spdx) {
        this.spdx = spdx;
    }

    public List<String> getClauses() {
        return clauses;
    }

    public void setClauses(List<String> clauses) {
        this.clauses = clauses;
    }

    public String getTextSha256() {
        return textSha256;
    }

    public void setTextSha256(String textSha256) {
        this.textSha256 = textSha256;
    }

    public LicenseTextRef getTextRef() {
        return textRef;
    }

    public void setTextRef(LicenseTextRef textRef) {
        this.textRef = textRef;
    }

    public String getListVersion() {
        return listVersion;
    }

    public void setListVersion(String listVersion) {
        this.listVersion = listVersion;
    }
}
