package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonClassDescription("A further namespaced object every tenant gets: a manifest template placed in one of the pack's namespaces.")
public class OnboardingWorkload {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The suffix of the pack namespace it is placed in.")
    private String namespaceSuffix;

    @Required
    @PreserveUnknownFields
    @JsonPropertyDescription("The manifest (apiVersion, kind, metadata.name, ...); every string may use ${tenantId}, ${costCentre} and ${<parameter>}. The operator sets its namespace and the tenant and pack labels.")
    private JsonNode manifest;

    public String getNamespaceSuffix() {
        return namespaceSuffix;
    }

    public void setNamespaceSuffix(String namespaceSuffix) {
        this.namespaceSuffix = namespaceSuffix;
    }

    public JsonNode getManifest() {
        return manifest;
    }

    public void setManifest(JsonNode manifest) {
        this.manifest = manifest;
    }
}
