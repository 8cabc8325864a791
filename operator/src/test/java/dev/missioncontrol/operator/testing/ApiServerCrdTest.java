package dev.missioncontrol.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the API-server tests (*CrdTest): the committed CRDs installed on the real kube-apiserver of the local
 * control plane, a namespace of the class's own, and no operator. The schema, its defaults and its CEL rules are
 * what answer.
 */
@Tag("apiserver")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiServerCrdTest {

    protected KubernetesClient client;
    protected String namespace;

    @BeforeAll
    void installCrdsAndCreateNamespace() {
        client = LocalCluster.client();
        LocalCluster.installCrds(client);
        namespace = LocalCluster.createNamespace(client, "mc-" + getClass().getSimpleName().replace("CrdTest", "-crd")
                .toLowerCase(Locale.ROOT));
    }

    @AfterAll
    void deleteNamespace() {
        LocalCluster.release(client, namespace);
    }

    /** Creating the resource is refused with 422 Unprocessable Entity, and the message names the field and says why. */
    protected void assertRejected(HasMetadata resource, String field, String message) {
        assertThatThrownBy(() -> client.resource(resource).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> {
                    var kce = (KubernetesClientException) e;
                    assertThat(kce.getCode()).as("HTTP status of the refusal").isEqualTo(422);
                    assertThat(kce.getMessage()).contains(field).contains(message);
                    System.out.printf("[apiserver] rejected %s %s: %s%n", resource.getKind(), resource.getMetadata().getName(),
                            kce.getStatus() == null ? kce.getMessage() : kce.getStatus().getMessage());
                });
    }

    /**
     * A JSON merge patch of an existing resource (no resourceVersion, so an operator writing status meanwhile cannot turn
     * it into a 409) is refused with 422, naming the field and saying why: the CRD's transition rules (oldSelf).
     */
    protected <T extends HasMetadata> void assertChangeRejected(Class<T> type, String name, String mergePatch, String field, String message) {
        assertThatThrownBy(() -> client.resources(type).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> {
                    var kce = (KubernetesClientException) e;
                    assertThat(kce.getCode()).as("HTTP status of the refusal").isEqualTo(422);
                    assertThat(kce.getMessage()).contains(field).contains(message);
                    System.out.printf("[apiserver] refused change of %s %s: %s%n", type.getSimpleName(), name,
                            kce.getStatus() == null ? kce.getMessage() : kce.getStatus().getMessage());
                });
    }

    /** As {@link #assertRejected(HasMetadata, String, String)}, for CEL messages that start with the field they name. */
    protected void assertRejected(HasMetadata resource, String messageNamingTheField) {
        assertRejected(resource, "", messageNamingTheField);
    }
}
