package dev.missioncontrol.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The operator's kinds are read without managedFields; the objects it owns keep theirs (the SSA comparison reads them). */
@Tag("unit")
class PrimaryManagedFieldsTest {

    static final String MANAGED = """
            "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
              "fieldsV1":{"f:spec":{"f:tenants":{}}}},
             {"manager":"mission-control-operator","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
              "fieldsV1":{"f:status":{"f:phase":{}}}}]""";

    final KubernetesSerialization serialization = new KubernetesSerialization(PrimaryManagedFields.apply(new ObjectMapper()), true);

    @Test
    void aCustomResourceIsReadWithoutManagedFieldsAndKeepsTheRestOfItsMetadata() {
        var cohort = serialization.unmarshal("""
                {"apiVersion":"missioncontrol.dev/v1alpha1","kind":"FederationCohort",
                 "metadata":{"name":"c1","namespace":"ns","resourceVersion":"7","generation":3,
                   "labels":{"team":"search"},%s},
                 "spec":{"tenants":["acme"]}}""".formatted(MANAGED), FederationCohort.class);
        assertThat(cohort.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cohort.getMetadata().getName()).isEqualTo("c1");
        assertThat(cohort.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(cohort.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(cohort.getMetadata().getLabels()).containsEntry("team", "search");
        assertThat(cohort.getSpec().getTenants()).containsExactly("acme");
        assertThat(serialization.asJson(cohort)).doesNotContain("managedFields");
    }

    @Test
    void anOwnedObjectKeepsItsManagedFields() {
        var deployment = serialization.unmarshal("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"gw","namespace":"ns",%s}}""".formatted(MANAGED),
                Deployment.class);
        assertThat(deployment.getMetadata().getManagedFields()).hasSize(2);
    }
}
