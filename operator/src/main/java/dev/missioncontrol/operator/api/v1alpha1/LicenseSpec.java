package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.textSha256) || has(self.textRef)",
        message = "spec.search.indexes[].license.textSha256 pins the text in textRef: set textRef too")
@ValidationRule(value = "!has(self.textRef) || has(self.textSha256) || has(self.listVersion)",
        message = "spec.search.indexes[].license: a textRef without textSha256 is checked against the LicenseRegistry pin of {spdx, listVersion}: set listVersion")
public class LicenseSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[A-Za-z0-9.+-]+$")
    @JsonPropertyDescription("SPDX license identifier, e.g. CC-BY-4.0 or LicenseRef-acme-data.")
    private String spdx;

    @Size(max = 20)
    @ValidationRule(value = "self.all(c, self.exists_one(d, d == c))", message = "license clauses must be unique")
    @JsonPropertyDescription("License clauses that decide blending (unique), e.g. no-blending, attribution-required, no-derivatives.")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> clauses = new ArrayList<>();

    @Size(min = 1, max = 32)
    @Pattern(LicensePin.LIST_VERSION_PATTERN)
    @JsonPropertyDescription("SPDX license list version of the text, e.g. 3.22; with textRef and no textSha256 the text is checked against the "
            + "namespace's LicenseRegistry pin of {spdx, listVersion}.")
    private String listVersion;

    @JsonPropertyDescription("Where the license text lives: a ConfigMap or Secret in this namespace labelled missioncontrol.dev/license-text=true. "
            + "Without it the source is Unpinned and only its clauses decide.")
    private LicenseTextRef textRef;

    @Pattern(LicensePin.SHA256_PATTERN)
    @JsonPropertyDescription("SHA-256 (lower-case hex) of the normalised text in textRef; when absent the LicenseRegistry pin of {spdx, listVersion} applies.")
    private String textSha256;

    public LicenseSpec() {
    }

    public LicenseSpec(String spdx, List<String> clauses) {
        this.spdx = spdx;
        this.clauses = new ArrayList<>(clauses);
    }

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

    public String getListVersion() {
        return listVersion;
    }

    public void setListVersion(String listVersion) {
        this.listVersion = listVersion;
    }

    public LicenseTextRef getTextRef() {
        return textRef;
    }

    public void setTextRef(LicenseTextRef textRef) {
        this.textRef = textRef;
    }

    public String getTextSha256() {
        return textSha256;
    }

    public void setTextSha256(String textSha256) {
        this.textSha256 = textSha256;
    }
}
