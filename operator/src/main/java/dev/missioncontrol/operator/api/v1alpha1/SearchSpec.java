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

public class SearchSpec {

    @Required
    @Size(min = 1, max = 512)
    @Pattern(SchemaRules.NO_WHITESPACE)
    @JsonPropertyDescription("Container image of the federated search gateway.")
    private String image;

    public static final String DEFAULT_REPLICAS = "2";

    @Min(0)
    @Max(100)
    @Default(DEFAULT_REPLICAS)
    @JsonPropertyDescription("Gateway replicas (0 to 100, default 2).")
    private Integer replicas;

    @Required
    @Size(min = 1, max = 20)
    @ValidationRule(value = "self.all(i, self.exists_one(j, j.name == i.name))",
            message = "spec.search.indexes: index names must be unique")
    @JsonPropertyDescription("The indexes the gateway federates (1 to 20).")
    private List<IndexSpec> indexes = new ArrayList<>();

    @Size(max = 50)
    @ValidationRule(value = "self.all(p, self.exists_one(q, q.clause == p.clause))",
            message = "spec.search.licensePolicy: each clause may appear once")
    @JsonPropertyDescription("Per-cohort additions to or overrides of the built-in clause table.")
    private List<ClausePolicy> licensePolicy = new ArrayList<>();

    public static final String DEFAULT_LICENSE_DRIFT_POLICY = "Block";

    @Default(DEFAULT_LICENSE_DRIFT_POLICY)
    @JsonPropertyDescription("What the plan does with a source whose license text no longer matches its pin (LicenseDrift=True) until it "
            + "is re-pinned: Block (default) leaves it out, Demote ranks it below every blended source. A text that cannot be read is always blocked.")
    private LicenseDriftPolicy licenseDriftPolicy;

    public LicenseDriftPolicy getLicenseDriftPolicy() {
        return licenseDriftPolicy;
    }

    public void setLicenseDriftPolicy(LicenseDriftPolicy licenseDriftPolicy) {
        this.licenseDriftPolicy = licenseDriftPolicy;
    }

    /** The policy in force (the CRD default when unset). */
    public LicenseDriftPolicy licenseDriftPolicy() {
        return licenseDriftPolicy == null ? LicenseDriftPolicy.valueOf(DEFAULT_LICENSE_DRIFT_POLICY) : licenseDriftPolicy;
    }

    public List<ClausePolicy> getLicensePolicy() {
        return licensePolicy;
    }

    public void setLicensePolicy(List<ClausePolicy> licensePolicy) {
        this.licensePolicy = licensePolicy;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public int replicas() {
        return replicas == null ? Integer.parseInt(DEFAULT_REPLICAS) : replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public List<IndexSpec> getIndexes() {
        return indexes;
    }

    public void setIndexes(List<IndexSpec> indexes) {
        this.indexes = indexes;
    }
}
