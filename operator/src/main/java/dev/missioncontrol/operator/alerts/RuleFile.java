package dev.missioncontrol.operator.alerts;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.util.List;
import java.util.Map;

/** Rule groups in Prometheus's rule-file format (what `rule_files:` loads and `promtool check rules` reads). */
public final class RuleFile {

    private RuleFile() {
    }

    public static String render(List<RuleGroup> groups) {
        String yaml = Serialization.asYaml(Map.of("groups", groups));
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
