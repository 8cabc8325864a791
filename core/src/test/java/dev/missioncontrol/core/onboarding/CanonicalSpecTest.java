package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the cluster writes on its own after creation is not part of the digest; what a person changes is. */
@Tag("unit")
class CanonicalSpecTest {

    static ObjectNode read(String json) throws Exception {
        return (ObjectNode) CanonicalJson.MAPPER.readTree(json);
    }

    @Test
    void theSchedulersNodeNameTheRevisionAnnotationAndServerMetadataAreNotPartOfTheDigest() throws Exception {
        var created = read("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"t1-app\","
                + "\"resourceVersion\":\"1\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\"}]}}");
        var scheduled = created.deepCopy();
        ((ObjectNode) scheduled.get("spec")).put("nodeName", "node-000001");
        ((ObjectNode) scheduled.get("metadata")).put("resourceVersion", "7").putObject("annotations")
                .put("kubectl.kubernetes.io/last-applied-configuration", "{}");
        scheduled.putObject("status").put("phase", "Running");
        assertThat(CanonicalSpec.sha256(scheduled)).isEqualTo(CanonicalSpec.sha256(created));

        var edited = scheduled.deepCopy();
        ((ObjectNode) edited.get("spec").get("containers").get(0)).put("image", "registry.k8s.io/pause:3.9");
        assertThat(CanonicalSpec.sha256(edited)).isNotEqualTo(CanonicalSpec.sha256(created));
        var hostNetwork = created.deepCopy();
        ((ObjectNode) hostNetwork.get("spec")).put("hostNetwork", true);
        assertThat(CanonicalSpec.sha256(hostNetwork)).isNotEqualTo(CanonicalSpec.sha256(created));

        // nodeName is dropped for Pods only; the revision annotation wherever it is
        var deployment = read("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\",\"namespace\":\"t1-app\"},"
                + "\"spec\":{\"replicas\":1}}");
        var revised = deployment.deepCopy();
        ((ObjectNode) revised.get("metadata")).putObject("annotations").put("deployment.kubernetes.io/revision", "1");
        assertThat(CanonicalSpec.sha256(revised)).isEqualTo(CanonicalSpec.sha256(deployment));
        var pinned = deployment.deepCopy();
        ((ObjectNode) pinned.get("spec")).put("nodeName", "n");
        assertThat(CanonicalSpec.sha256(pinned)).isNotEqualTo(CanonicalSpec.sha256(deployment));
    }
}
