package dev.missioncontrol.operator.metering;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a MeteringRotation's key signed, archived in the operator's namespace where no tenant can edit or delete it,
 * keyed by the rotation's namespace/name (its signing purpose) so a deleted and re-created rotation continues: the
 * windows it signed are not signed again and their records stay. One ConfigMap per purpose and UTC day of the window
 * ({@code mission-control-archive-<purpose>-<yyyymmdd>}), data key {@code <window>.<tenant>}, so each stays far below
 * the 1 MiB object limit; days older than the retention horizon are deleted. Not owned by the rotation.
 */
public final class UsageArchive {

    public static final String ARCHIVE_LABEL = "missioncontrol.dev/archive";
    public static final String NAMESPACE_ANNOTATION = "missioncontrol.dev/archive-of-namespace";
    public static final String NAME_ANNOTATION = "missioncontrol.dev/archive-of-name";
    static final String KIND = "metering";
    private static final String FIELD_MANAGER = Labels.OPERATOR_NAME + "-metering-archive";
    private static final ObjectMapper JSON = RenderedJson.compact().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KubernetesClient client;
    private final String namespace;

    public UsageArchive(KubernetesClient client, String operatorNamespace) {
        this.client = client;
        this.namespace = operatorNamespace;
    }

    public static String name(String purpose, String day) {
        return "mission-control-archive-" + purpose + "-" + day;
    }

    /** Every archived record of the purpose, by {@code <window>.<tenant>}; an entry that does not parse is skipped. */
    public Map<String, ArchivedExport> load(String purpose) {
        Map<String, ArchivedExport> out = new TreeMap<>();
        for (ConfigMap cm : days(purpose)) {
            if (cm.getData() == null) {
                continue;
            }
            cm.getData().forEach((k, v) -> {
                try {
                    out.put(k, JSON.readValue(v, ArchivedExport.class));
                } catch (JsonProcessingException e) {
                    // not a record the operator wrote: leave it, the window counts as not signed
                }
            });
        }
        return out;
    }

    /** Writes the records, one ConfigMap per day; a day left without records is deleted. Writes only what differs. */
    public void save(String purpose, MeteringRotation mr, Collection<ArchivedExport> records) {
        Map<String, Map<String, String>> byDay = new TreeMap<>();
        for (ArchivedExport r : records) {
            byDay.computeIfAbsent(r.window().substring(0, 8), d -> new TreeMap<>()).put(r.key(), write(r));
        }
        Map<String, ConfigMap> existing = new LinkedHashMap<>();
        days(purpose).forEach(cm -> existing.put(cm.getMetadata().getName(), cm));
        byDay.forEach((day, data) -> {
            String name = name(purpose, day);
            ConfigMap current = existing.remove(name);
            if (current != null && data.equals(current.getData())) {
                return;
            }
            var desired = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "app.kubernetes.io/part-of", "mission-control",
                            ARCHIVE_LABEL, KIND, SigningKeys.PURPOSE_LABEL, purpose))
                    .withAnnotations(Map.of(NAMESPACE_ANNOTATION, mr.getMetadata().getNamespace(), NAME_ANNOTATION, mr.getMetadata().getName()))
                    .endMetadata().withData(data).build();
            // One field manager owns every data key: a key left out of the apply is removed.
            client.resource(desired).forceConflicts().fieldManager(FIELD_MANAGER).serverSideApply();
        });
        existing.values().forEach(cm -> client.resource(cm).delete());
    }

    private java.util.List<ConfigMap> days(String purpose) {
        return client.configMaps().inNamespace(namespace).withLabel(ARCHIVE_LABEL, KIND).withLabel(SigningKeys.PURPOSE_LABEL, purpose)
                .list().getItems();
    }

    private static String write(ArchivedExport r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
