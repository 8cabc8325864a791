package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("The pinned license texts of this namespace.")
public class LicenseRegistrySpec {

    // A list-map keyed by spdxId and listVersion (hack/CrdListTypes.java turns this rule into x-kubernetes-list-type: map),
    // so the API server itself refuses a second pin of the same license version.
    @Size(max = 200)
    @ValidationRule(value = "self.all(p, self.exists_one(q, q.spdxId == p.spdxId && q.listVersion == p.listVersion))",
            message = "spec.pins: each {spdxId, listVersion} may be pinned once")
    @JsonPropertyDescription("One pin per {spdxId, listVersion} (at most 200): the SHA-256 of the normalised license text. Re-pinning is "
            + "editing sha256 here after reviewing the new text.")
    private List<LicensePin> pins = new ArrayList<>();

    public List<LicensePin> getPins() {
        return pins;
    }

    public void setPins(List<LicensePin> pins) {
        this.pins = pins;
    }
}
