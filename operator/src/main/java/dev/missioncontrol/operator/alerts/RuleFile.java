package dev.missioncontrol.operator.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.json.RenderedJson;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.util.List;
import java.util.Map;

/** Rule groups in Prometheus's rule-file format (what `rule_files:` loads and `promtool check rules` reads). */
public final class RuleFile {

    /** One mapper for every render: a fresh one per call rebuilt its serializers each time (make bench's profile). */
    private static final ObjectMapper JSON = RenderedJson.compact();

    private RuleFile() {
    }

    /** The same groups give the same bytes in every JVM: maps (labels, annotations) are written sorted by key. */
    public static String render(List<RuleGroup> groups) {
        String yaml = Serialization.asYaml(JSON.valueToTree(Map.of("groups", groups)));
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
