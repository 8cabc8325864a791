package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("A pack parameter's schema; values are given as strings and read as type.")
public class OnboardingParameter {

    public static final String DEFAULT_TYPE = "string";

    @Pattern("^(string|integer|boolean)$")
    @Default(DEFAULT_TYPE)
    @JsonPropertyDescription("string, integer or boolean.")
    private String type = DEFAULT_TYPE;

    @JsonPropertyDescription("True when the tenant must give it (a defaultValue also satisfies it).")
    private boolean required;

    @Size(max = 50)
    @JsonPropertyDescription("The allowed values; empty: any.")
    private List<String> enumValues = new ArrayList<>();

    @JsonPropertyDescription("The least integer allowed (integer only).")
    private Long minimum;

    @JsonPropertyDescription("The largest integer allowed (integer only).")
    private Long maximum;

    @Size(max = 256)
    @JsonPropertyDescription("A regular expression the whole value must match (string only).")
    private String pattern;

    @Size(max = 256)
    @JsonPropertyDescription("The value used when the tenant gives none.")
    private String defaultValue;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public boolean isRequired() {
        return required;
    }

    public void setRequired(boolean required) {
        this.required = required;
    }

    public List<String> getEnumValues() {
        return enumValues;
    }

    public void setEnumValues(List<String> enumValues) {
        this.enumValues = enumValues;
    }

    public Long getMinimum() {
        return minimum;
    }

    public void setMinimum(Long minimum) {
        this.minimum = minimum;
    }

    public Long getMaximum() {
        return maximum;
    }

    public void setMaximum(Long maximum) {
        this.maximum = maximum;
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public String getDefaultValue() {
        return defaultValue;
    }

    public void setDefaultValue(String defaultValue) {
        this.defaultValue = defaultValue;
    }
}
