package dev.missioncontrol.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProjectedCachesTest {

    private static ConfigMap withManagers(String... managers) {
        var b = new ConfigMapBuilder().withNewMetadata().withName("cm").withNamespace("ns").withResourceVersion("7").endMetadata()
                .addToData("k", "v");
        ConfigMap cm = b.build();
        cm.getMetadata().setManagedFields(java.util.Arrays.stream(managers)
                .map(m -> new ManagedFieldsEntryBuilder().withManager(m).withOperation(m.startsWith("op") ? "Apply" : "Update").build())
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new)));
        return cm;
    }

    @Test
    void keepsOnlyTheOperatorsOwnEntries() {
        ConfigMap cm = withManagers("kube-controller-manager", "operator", "kubectl", "operator");
        ConfigMap out = ProjectedCaches.<ConfigMap>ownManagedFieldsOnly("operator").apply(cm);
        assertSame(cm, out);
        assertEquals(List.of("operator", "operator"), out.getMetadata().getManagedFields().stream().map(e -> e.getManager()).toList());
        assertEquals("v", out.getData().get("k"), "the rest of the object is kept");
        assertEquals("7", out.getMetadata().getResourceVersion());
    }

    @Test
    void anObjectWithNoOwnEntryKeepsNone() {
        ConfigMap out = ProjectedCaches.<ConfigMap>ownManagedFieldsOnly("operator").apply(withManagers("kubectl"));
        assertEquals(List.of(), out.getMetadata().getManagedFields());
    }

    @Test
    void noManagedFieldsIsLeftAlone() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata().build();
        cm.getMetadata().setManagedFields(null);
        assertNull(ProjectedCaches.<ConfigMap>ownManagedFieldsOnly("operator").apply(cm).getMetadata().getManagedFields());
    }
}
