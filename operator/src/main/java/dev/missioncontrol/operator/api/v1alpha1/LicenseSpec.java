package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

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
}
