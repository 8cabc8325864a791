package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule CRD counts as installed only once Established. Seen in the integration logs: a CRD the informer
 * delivered just after its creation had a status without conditions, and the activation condition threw a
 * NullPointerException into a SearchSLO's reconciliation.
 */
@Tag("unit")
class PrometheusRuleCrdEstablishedTest {

    @Test
    void aCrdJustCreatedIsNotYetInstalledAndNothingThrows() {
        CustomResourceDefinition noStatus = crd();
        CustomResourceDefinition statusWithoutConditions = crd();
        statusWithoutConditions.setStatus(new CustomResourceDefinitionStatus());
        statusWithoutConditions.getStatus().setConditions(null);
        CustomResourceDefinition namesAccepted = crd();
        namesAccepted.setStatus(status("NamesAccepted", "True"));
        CustomResourceDefinition notEstablished = crd();
        notEstablished.setStatus(status("Established", "False"));

        assertThat(PrometheusRuleCrd.established(noStatus)).isFalse();
        assertThat(PrometheusRuleCrd.established(statusWithoutConditions)).isFalse();
        assertThat(PrometheusRuleCrd.established(namesAccepted)).isFalse();
        assertThat(PrometheusRuleCrd.established(notEstablished)).isFalse();
    }

    @Test
    void anEstablishedCrdIsInstalled() {
        CustomResourceDefinition established = crd();
        established.setStatus(status("NamesAccepted", "True"));
        established.getStatus().getConditions().addAll(status("Established", "True").getConditions());
        assertThat(PrometheusRuleCrd.established(established)).isTrue();
    }

    private static CustomResourceDefinition crd() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(PrometheusRuleCrd.NAME).endMetadata().build();
    }

    private static CustomResourceDefinitionStatus status(String type, String value) {
        var status = new CustomResourceDefinitionStatus();
        status.getConditions().add(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder()
                .withType(type).withStatus(value).build());
        return status;
    }
}
