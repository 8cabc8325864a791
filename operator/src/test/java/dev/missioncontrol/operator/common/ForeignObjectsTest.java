package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.ReconcileErrors.Category;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** An object at a name the operator wants: whose it is, and how status names it when it is not the operator's to write. */
@Tag("unit")
class ForeignObjectsTest {

    static final String NS = "team-a";

    static FederationCohort cohort() {
        var cohort = new FederationCohort();
        cohort.getMetadata().setName("web");
        cohort.getMetadata().setNamespace(NS);
        cohort.getMetadata().setUid("uid-web");
        return cohort;
    }

    /** What the flags dependent of cohort web wants at team-a/web-flags. */
    static ConfigMap desired() {
        return new ConfigMapBuilder().withNewMetadata().withName("web-flags").withNamespace(NS)
                .withLabels(Labels.of("feature-flags", cohort())).endMetadata().build();
    }

    static ConfigMap existing(Map<String, String> labels, OwnerReference... owners) {
        return new ConfigMapBuilder().withNewMetadata().withName("web-flags").withNamespace(NS).withLabels(labels)
                .withOwnerReferences(owners).endMetadata().addToData("mine", "yes").build();
    }

    static OwnerReference owner(String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind(kind).withName(name).withUid(uid).build();
    }

    static ObjectNameTakenException foreignFlags() {
        return ForeignObjects.notOwnedBy(existing(Map.of("team", "a")), cohort(), ForeignObjects.selectorLabels(desired())).orElseThrow();
    }

    static ObjectNameTakenException foreignFlagsOwnedBy(String kind, String name) {
        return ForeignObjects.notOwnedBy(existing(Map.of(), owner(kind, name, "other")), cohort(), Map.of()).orElseThrow();
    }

    @Test
    void aUsersObjectIsNamedWithWhatToDo() {
        var c = ReconcileErrors.classify(foreignFlags());
        assertThat(c.category()).isEqualTo(Category.OBJECT_NAME_TAKEN);
        assertThat(c.reason()).isEqualTo("ObjectNameTaken");
        assertThat(c.category().routine()).isFalse();
        assertThat(c.category().permanent()).as("retried: deleting the object must be enough").isFalse();
        assertThat(c.category().metricResult()).isEqualTo("error");
        assertThat(c.message()).startsWith("ConfigMap team-a/web-flags exists and was not created by this FederationCohort (no owner): "
                + "the operator leaves it untouched; delete or rename it, or give the FederationCohort another name; the operator "
                + "tries again with back-off (at least every 10 minutes).");
    }

    @Test
    void theHolderIsItsOwnersElseItsManagerElseNoOne() {
        assertThat(ForeignObjects.holder(existing(Map.of(), owner("Deployment", "web", "d1"), owner("Application", "web", "a1"))))
                .isEqualTo("owned by Deployment web, Application web");
        assertThat(ForeignObjects.holder(existing(Map.of(Labels.MANAGED_BY, "Helm")))).isEqualTo("managed by Helm");
        assertThat(ForeignObjects.holder(existing(Map.of()))).isEqualTo("no owner");
        assertThat(ReconcileErrors.classify(new RuntimeException(foreignFlagsOwnedBy("Deployment", "web"))).message())
                .contains("ConfigMap team-a/web-flags exists and was not created by this FederationCohort (owned by Deployment web)");
    }

    @Test
    void anObjectOfThisPrimaryIsARaceNotAForeignObject() {
        var labels = ForeignObjects.selectorLabels(desired());
        assertThat(labels).containsOnlyKeys(Labels.MANAGED_BY, "app.kubernetes.io/name");
        assertThat(ForeignObjects.notOwnedBy(null, cohort(), labels)).isEmpty();
        assertThat(ForeignObjects.notOwnedBy(existing(desired().getMetadata().getLabels(), owner("FederationCohort", "web", "uid-web")),
                cohort(), labels)).as("created by this cohort; the informer has not seen it yet").isEmpty();
        assertThat(ForeignObjects.notOwnedBy(existing(desired().getMetadata().getLabels(), owner("FederationCohort", "web", "old-uid")),
                cohort(), labels)).as("left by a deleted cohort of the same name: garbage collection removes it").isEmpty();
        assertThat(ForeignObjects.notOwnedBy(existing(desired().getMetadata().getLabels(), owner("FederationCohort", "other", "uid-o")),
                cohort(), labels)).as("another cohort's").isPresent();
    }

    @Test
    void anObjectOfThisPrimaryWithoutItsLabelsIsNamedToo() {
        var taken = ForeignObjects.notOwnedBy(existing(Map.of("team", "a"), owner("FederationCohort", "web", "uid-web")), cohort(),
                ForeignObjects.selectorLabels(desired())).orElseThrow();
        assertThat(ReconcileErrors.classify(taken).message()).startsWith("ConfigMap team-a/web-flags was created by this FederationCohort "
                + "but no longer carries the labels the operator finds it by (app.kubernetes.io/managed-by=mission-control-operator, "
                + "app.kubernetes.io/name=feature-flags): the operator leaves it untouched; delete it and the operator creates it again");
    }

    @Test
    void aSharedObjectIsTheOperatorsWhenLabelledSo() {
        assertThat(ForeignObjects.notManagedByOperator(null)).isEmpty();
        assertThat(ForeignObjects.notManagedByOperator(existing(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME)))).isEmpty();
        var taken = ForeignObjects.notManagedByOperator(existing(Map.of(Labels.MANAGED_BY, "Helm"))).orElseThrow();
        assertThat(ReconcileErrors.classify(taken).message()).startsWith("ConfigMap team-a/web-flags exists and was not created by the "
                + "operator (managed by Helm): the operator leaves it untouched; delete or rename it; the operator tries again");
    }

    @Test
    void aNameTakenOutranksARaceAndGivesWayToAnInvalidObject() {
        Map<String, Exception> failures = new LinkedHashMap<>();
        failures.put("plan", ReconcileErrorsTest.api(409, "Conflict", "the object has been modified", "configmaps", "web-plan"));
        failures.put("flags", foreignFlags());
        assertThat(ReconcileErrors.classify(new AggregatedOperatorException("x", failures)).category())
                .isEqualTo(Category.OBJECT_NAME_TAKEN);
        failures.put("deployment", ReconcileErrorsTest.api(422, "Invalid", "x", "deployments", "d", "FieldValueRequired",
                "spec.replicas", "Required value"));
        assertThat(ReconcileErrors.classify(new AggregatedOperatorException("x", failures)).category()).isEqualTo(Category.INVALID);
        KubernetesClientException conflict = ReconcileErrorsTest.api(409, "AlreadyExists", "exists", "configmaps", "web-flags");
        assertThat(ReconcileErrors.classify(conflict).category()).as("a 409 alone stays routine").isEqualTo(Category.CONFLICT);
    }
}
