package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the license text is: a ConfigMap or Secret in the source's namespace, labelled missioncontrol.dev/license-text=true. */
public class LicenseTextRef {

    public enum Kind {
        ConfigMap,
        Secret
    }

    public static final String DEFAULT_KIND = "ConfigMap";

    @Default(DEFAULT_KIND)
    @JsonPropertyDescription("ConfigMap or Secret (default ConfigMap).")
    private Kind kind;

    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the ConfigMap or Secret in this namespace; it must carry the label missioncontrol.dev/license-text=true.")
    private String name;

    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("The data key holding the text.")
    private String key;

    public LicenseTextRef() {
    }

    public LicenseTextRef(Kind kind, String name, String key) {
        this.kind = kind;
        this.name = name;
        this.key = key;
    }

    public Kind getKind() {
        return kind;
    }

    public Kind kind() {
        return kind == null ? Kind.valueOf(DEFAULT_KIND) : kind;
    }

    public void setKind(Kind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
